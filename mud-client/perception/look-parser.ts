/**
 * Text perception: a table of small parsers over Evennia's default `look` layout
 * (`DefaultObject.appearance_template`: name, description, `Exits: …`, `Characters: …`, `You see: …`).
 * It is the fallback for servers without structured `room_info`; each line kind is one table row, so a
 * game that changes a label changes one row.
 */
import { splitEnglishList, withoutArticle } from './english-list.ts';
import type { RoomPerception } from './room-perception.ts';

type ListField = 'exits' | 'characters' | 'things';

interface LineParser {
  field: ListField;
  pattern: RegExp;
  items: (list: string) => string[];
}

export const LOOK_LINE_PARSERS: readonly LineParser[] = [
  { field: 'exits', pattern: /^Exits:\s*(.*)$/, items: splitEnglishList },
  { field: 'characters', pattern: /^Characters:\s*(.*)$/, items: splitEnglishList },
  {
    field: 'things',
    pattern: /^You see:\s*(.*)$/,
    items: list => splitEnglishList(list).map(withoutArticle),
  },
];

const NAME_WITH_DBREF = /^(.*?)\((#\d+)\)\s*$/;

/**
 * Parses the plain text of a `look` into a perception. Returns undefined when the text is not a room
 * look: it must carry one of the list lines, or come with Evennia's `look` message type (websocket).
 */
export function parseLook(text: string, options: { messageType?: string } = {}): RoomPerception | undefined {
  const lines = text.split('\n').map(line => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  const hasListLine = lines.some(line => LOOK_LINE_PARSERS.some(parser => parser.pattern.test(line)));
  if (lines.length === 0 || (!hasListLine && options.messageType !== 'look')) return undefined;

  const first = lines.shift() ?? '';
  const named = NAME_WITH_DBREF.exec(first);
  const perception: RoomPerception = {
    name: (named?.[1] ?? first).trim(),
    description: '',
    exits: [],
    characters: [],
    things: [],
    source: 'text',
  };
  if (named?.[2]) perception.dbref = named[2];

  const description: string[] = [];
  for (const line of lines) {
    const parser = LOOK_LINE_PARSERS.find(candidate => candidate.pattern.test(line));
    if (parser) {
      perception[parser.field] = parser.items(parser.pattern.exec(line)?.[1] ?? '');
    } else if (!perception.exits.length && !perception.characters.length && !perception.things.length) {
      description.push(line);
    }
  }
  perception.description = description.join('\n').trim();
  return perception;
}
