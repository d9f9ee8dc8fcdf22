/**
 * A world file as an Evennia batch-command file (`.ev`, run with `batchcommand <name>`), building the same
 * rooms, exits and things with Evennia's own builder commands: the baseline of bench/world-apply.ts.
 *
 * Every created object gets the alias `seed-<id>` (`/` written `--`) so later commands can find it anywhere (a second copy
 * of a room name would make `open ... = <name>` ambiguous). Bound entries (Limbo) are not dug: their
 * description is set and their exits are opened in place. Areas, seed tags and the apply record have no
 * builder command and are left out; tags, locks and attributes are set.
 */
import type { DesiredObject, DesiredWorld } from './desired-world.ts';

export function batchFile(world: DesiredWorld): string {
  const commands: string[] = [];
  // `/` would read as an attribute separator in `set <object>/<attribute>`.
  const alias = (object: DesiredObject) => `seed-${object.id.replaceAll('/', '--')}`;
  const handle = (object: DesiredObject) => object.dbref ?? alias(object);
  const names = (object: DesiredObject) =>
    [object.key, ...(object.aliases ?? []), ...(object.dbref ? [] : [alias(object)])].join(';');
  const typeclassSuffix = (object: DesiredObject, fallback: string) =>
    object.typeclass === fallback ? '' : `:${object.typeclass}`;
  const details = (object: DesiredObject, target: string) => {
    if (object.desc !== undefined) commands.push(`desc ${target} = ${batchText(object.desc)}`);
    for (const [type, definition] of Object.entries(object.locks))
      commands.push(`lock ${target} = ${type}:${definition}`);
    for (const [key, category] of object.tags ?? [])
      commands.push(`tag ${target} = ${key}${category ? `:${category}` : ''}`);
    for (const [name, value] of Object.entries(object.attributes)) {
      if (value !== null) commands.push(`set ${target}/${name} = ${pythonLiteral(value)}`);
    }
  };
  const things = world.objects.filter(object => object.kind === 'thing');
  const exits = world.objects.filter(object => object.kind === 'exit');

  for (const room of world.objects.filter(object => object.kind === 'room')) {
    if (!room.dbref) commands.push(`dig ${names(room)}${typeclassSuffix(room, 'typeclasses.rooms.Room')}`);
    commands.push(`teleport ${handle(room)}`);
    details(room, 'here');
    for (const thing of things.filter(candidate => candidate.location === room.id)) {
      commands.push(`create/drop ${names(thing)}${typeclassSuffix(thing, 'typeclasses.objects.Object')}`);
      details(thing, handle(thing));
    }
  }
  for (const room of world.objects.filter(object => object.kind === 'room')) {
    const out = exits.filter(exit => exit.location === room.id);
    if (out.length === 0) continue;
    commands.push(`teleport ${handle(room)}`);
    for (const exit of out) {
      const destination = world.byId.get(exit.destination ?? '');
      if (!destination) continue;
      commands.push(
        `open ${names(exit)}${typeclassSuffix(exit, 'typeclasses.exits.Exit')} = ${handle(destination)}`,
      );
      details(exit, handle(exit));
    }
  }
  return `# Generated from ${world.name} by world-seed/batch-file.ts.\n${commands.map(command => `${command}\n#\n`).join('')}`;
}

/** Batch files join lines and read an empty line as a line break. */
function batchText(text: string): string {
  return text
    .split('\n')
    .map(line => line.trim())
    .join('\n\n');
}

/** A JSON value as the Python literal Evennia's `set` parses. */
function pythonLiteral(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonLiteral(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}
