/**
 * A world file as YAML text, readable by humans: long texts as folded blocks, short lists of names
 * inline, exits before things.
 */
import { Document, isScalar, Scalar, visit } from 'yaml';
import type { RoomEntry, ThingEntry, WorldFile } from './world-file-schema.ts';

const LINE_WIDTH = 100;

export function worldFileToYaml(world: WorldFile, header: readonly string[] = []): string {
  const document = new Document(ordered(world));
  visit(document, {
    Seq(_, node) {
      if (
        node.items.every(item => isScalar(item) && typeof item.value === 'string' && item.value.length < 40)
      )
        node.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && (node.value.length > 80 || node.value.includes('\n')))
        node.type = Scalar.BLOCK_FOLDED;
    },
  });
  if (header.length > 0) document.commentBefore = header.map(line => (line ? ` ${line}` : '')).join('\n');
  return document.toString({ lineWidth: LINE_WIDTH, minContentWidth: 40, flowCollectionPadding: false });
}

/** The same world with exits before things in every room (the order people read a room in). */
function ordered(world: WorldFile): WorldFile {
  const room = ({ things, ...rest }: RoomEntry): RoomEntry =>
    things ? { ...rest, things: things.map(thing) } : rest;
  const thing = ({ things, ...rest }: ThingEntry): ThingEntry =>
    things ? { ...rest, things: things.map(thing) } : rest;
  const copy: WorldFile = { version: world.version };
  if (world.rooms) copy.rooms = world.rooms.map(room);
  if (world.areas) copy.areas = world.areas.map(area => ({ ...area, rooms: area.rooms.map(room) }));
  if (world.things) copy.things = world.things.map(thing);
  return copy;
}
