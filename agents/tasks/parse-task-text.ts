/**
 * In-world requests and backlog lines in plain English, as task goals: "go to the Teaching Grove",
 * "read the stone of patience", "greet Allegro", "write a note in the Hall saying hello", "report what is
 * in the Archive", "say "hi" in Limbo", "page Ezra saying ping", "explore the grove". Anything else is a
 * `free` goal (only an LLM brain can attempt it). Names stay as written; the brain resolves them.
 */
import { type Goal, GoalSchema } from './task.ts';

const POLITE_START =
  /^(?:(?:hey|hi|ok|okay)[,!]?\s+)?(?:[A-Z][\w-]*,\s+)?(?:(?:please|kindly|could you|can you|would you|will you)\s+)*/i;
const POLITE_END = /[\s,]*(?:please|thanks|thank you)?[\s.!?]*$/i;
const ARTICLE = /^(?:the|a|an)\s+/i;

function name(text: string): string {
  return text
    .trim()
    .replace(/^["'“‘]|["'”’]$/g, '')
    .replace(ARTICLE, '')
    .replace(/[.!?]+$/, '')
    .trim();
}

function quoted(text: string): string {
  const trimmed = text.trim();
  const match = /^["“‘'](.*)["”’']$/.exec(trimmed);
  return (match ? (match[1] ?? '') : trimmed).trim();
}

type Rule = [RegExp, (match: RegExpExecArray) => Goal];

const ALL_OF_IT = /^(?:the\s+)?(?:world|everything|everywhere|all|whole world|entire world|place)$/i;

const RULES: readonly Rule[] = [
  [
    /^(?:write|leave|post|pin)\s+(?:a\s+)?note\s+(?:in|at|on|inside)\s+(.+?)\s*(?:saying|that says|which says|reading|with the text|:)\s*(.+)$/i,
    match => ({ kind: 'note', room: name(match[1] ?? ''), text: quoted(match[2] ?? '') }),
  ],
  [
    /^(?:write|leave|post|pin)\s+(?:a\s+)?note\s+(?:saying|that says|which says|reading)\s+(.+?)\s+(?:in|at|on|inside)\s+(the\s+.+|[A-Z#].*)$/,
    match => ({ kind: 'note', room: name(match[2] ?? ''), text: quoted(match[1] ?? '') }),
  ],
  [
    /^(?:go to|in)\s+(.+?),?\s+(?:and\s+)?say\s+(.+)$/i,
    match => ({ kind: 'say', room: name(match[1] ?? ''), text: quoted(match[2] ?? '') }),
  ],
  [
    /^say\s+(["“].+["”]|.+?)\s+(?:in|at|inside)\s+(the\s+.+|[A-Z#].*)$/,
    match => ({ kind: 'say', room: name(match[2] ?? ''), text: quoted(match[1] ?? '') }),
  ],
  [
    /^(?:page|message|tell)\s+([^\s=,:]+)\s*(?:=|:|saying|that|with)\s*(.+)$/i,
    match => ({ kind: 'page', character: name(match[1] ?? ''), text: quoted(match[2] ?? '') }),
  ],
  [
    /^send\s+([^\s=,:]+)\s+a\s+(?:page|message)\s*(?:saying|:)\s*(.+)$/i,
    match => ({ kind: 'page', character: name(match[1] ?? ''), text: quoted(match[2] ?? '') }),
  ],
  [
    /^(?:find and greet|go and greet|greet|say (?:hello|hi) to|welcome|wave to)\s+(.+)$/i,
    match => ({ kind: 'greet', character: name(match[1] ?? '') }),
  ],
  [
    /^(?:report|tell me|find out|describe|list)\s+(?:on\s+|about\s+)?(?:what(?:'s| is)\s+(?:in|inside|at)\s+|what you find in\s+)?(.+)$/i,
    match => ({ kind: 'report', room: name(match[1] ?? '') }),
  ],
  [/^what(?:'s| is)\s+(?:in|inside)\s+(.+)$/i, match => ({ kind: 'report', room: name(match[1] ?? '') })],
  [/^read\s+(.+)$/i, match => ({ kind: 'read', thing: name(match[1] ?? '') })],
  [
    /^(?:go|walk|head|travel|move|return|get|come)\s+(?:back\s+)?(?:to|into|over to|down to|up to)\s+(.+)$/i,
    match => ({ kind: 'reach', room: name(match[1] ?? '') }),
  ],
  [/^(?:visit|enter|find)\s+(.+)$/i, match => ({ kind: 'reach', room: name(match[1] ?? '') })],
  [
    /^(?:explore|wander|look around|map)(?:\s+(.+))?$/i,
    match => {
      const area = match[1] ? name(match[1]) : '';
      return area === '' || ALL_OF_IT.test(area) ? { kind: 'explore' } : { kind: 'explore', area };
    },
  ],
];

export function parseTaskText(text: string): Goal {
  const request = text.trim().replace(/\s+/g, ' ').replace(POLITE_START, '').replace(POLITE_END, '');
  for (const [pattern, goal] of RULES) {
    const match = pattern.exec(request);
    if (!match) continue;
    const parsed = GoalSchema.safeParse(goal(match));
    if (parsed.success) return parsed.data;
  }
  return { kind: 'free', text: text.trim().slice(0, 2000) || '(empty)' };
}
