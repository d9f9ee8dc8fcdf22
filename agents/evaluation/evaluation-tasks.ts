/**
 * The in-world evaluation suite: tasks an agent is given one after another, each with a success check
 * against the world's state as the server reports it (`world_query`), never against what the agent
 * claims, except for `report`, whose point is the agent's words (checked against the room's real
 * contents). Names refer to the Timmy world (world-seed/timmy-world.yaml).
 */
import { readKnowledge } from '../knowledge/knowledge.ts';
import type { TaskReport } from '../runtime/agent-runtime.ts';
import type { AgentSession } from '../runtime/agent-session.ts';
import type { Task } from '../tasks/task.ts';
import { queryCharacter, queryRoom } from './world-query.ts';

/** What a check may look at. */
export interface CheckContext {
  /** A privileged session for world_query. */
  admin: Pick<AgentSession, 'request'>;
  /** The evaluated agent's character key. */
  agent: string;
  /** The helper character the greet and page tasks look for. */
  friend: string;
  /** The title of the note the helper left for the agent to read. */
  letterTitle: string;
  /** A word unique to this run, so a check never passes on what an earlier run left. */
  nonce: string;
  report: TaskReport;
  /** The agent's knowledge after the task (agents/knowledge). */
  knowledge: unknown;
}

export interface CheckResult {
  success: boolean;
  /** Why, in a few words (shown when the check fails). */
  detail: string;
}

export interface EvaluationTask {
  name: string;
  task(context: Pick<CheckContext, 'friend' | 'letterTitle' | 'nonce'>): Omit<Task, 'id' | 'source'>;
  check(context: CheckContext): Promise<CheckResult>;
}

const same = (left: string | null | undefined, right: string) =>
  (left ?? '').toLowerCase() === right.toLowerCase();

async function standsIn(context: CheckContext, room: { key: string; seedId: string }): Promise<CheckResult> {
  const facts = await queryCharacter(context.admin, context.agent);
  const location = facts.location;
  const success = location !== null && (same(location.key, room.key) || same(location.seedId, room.seedId));
  return { success, detail: `the agent stands in ${location?.key ?? 'nowhere'}; expected ${room.key}` };
}

async function hasRead(
  context: CheckContext,
  what: (read: string) => boolean,
  label: string,
): Promise<CheckResult> {
  const facts = await queryCharacter(context.admin, context.agent);
  return { success: facts.read.some(what), detail: `read: [${facts.read.join(', ')}]; expected ${label}` };
}

async function saidIn(context: CheckContext, room: string, words: readonly string[]): Promise<CheckResult> {
  const facts = await queryRoom(context.admin, room);
  const lines = facts.speech.filter(line => same(line.speaker, context.agent));
  const success = lines.some(line =>
    words.every(word => line.text.toLowerCase().includes(word.toLowerCase())),
  );
  return {
    success,
    detail: `${context.agent} said in ${facts.key}: ${lines.map(line => JSON.stringify(line.text)).join(', ') || 'nothing'}; expected ${words.join(' + ')}`,
  };
}

/** The rooms of the `archives` area in the Timmy world. */
const ARCHIVES_ROOMS = [
  'archives',
  'archives.birth-records',
  'archives.achievement-hall',
  'archives.memorial-wall',
];

export const EVALUATION_TASKS: readonly EvaluationTask[] = [
  {
    name: 'reach-grove',
    task: () => ({ title: 'Go to the Teaching Grove.', goal: { kind: 'reach', room: 'Teaching Grove' } }),
    check: context => standsIn(context, { key: 'Teaching Grove', seedId: 'grove' }),
  },
  {
    name: 'read-stone',
    task: () => ({
      title: 'Read the sovereignty stone.',
      goal: { kind: 'read', thing: 'sovereignty stone' },
    }),
    check: context =>
      hasRead(context, read => same(read, 'grove.lesson-stones.sovereignty'), 'the sovereignty stone'),
  },
  {
    name: 'visit-shrine',
    task: () => ({ title: 'Visit the Heartbeat Shrine.', goal: { kind: 'reach', room: 'Heartbeat Shrine' } }),
    check: context => standsIn(context, { key: 'Heartbeat Shrine', seedId: 'hall.heartbeat-shrine' }),
  },
  {
    name: 'say-phrase',
    task: ({ nonce }) => ({
      title: `Say "the lineage endures ${nonce}" in the Heartbeat Shrine.`,
      goal: { kind: 'say', room: 'Heartbeat Shrine', text: `the lineage endures ${nonce}` },
    }),
    check: context => saidIn(context, 'hall.heartbeat-shrine', [`the lineage endures ${context.nonce}`]),
  },
  {
    name: 'greet-friend',
    task: ({ friend }) => ({
      title: `Find ${friend} and greet them.`,
      goal: { kind: 'greet', character: friend },
    }),
    async check(context) {
      const friend = await queryCharacter(context.admin, context.friend);
      if (!friend.location) return { success: false, detail: `${context.friend} is nowhere` };
      return saidIn(context, friend.location.dbref, [context.friend]);
    },
  },
  {
    name: 'page-friend',
    task: ({ friend, nonce }) => ({
      title: `Page ${friend}: "meet me at the shrine ${nonce}".`,
      goal: { kind: 'page', character: friend, text: `meet me at the shrine ${nonce}` },
    }),
    async check(context) {
      const friend = await queryCharacter(context.admin, context.friend);
      const pages = friend.pages.filter(page => same(page.sender, context.agent));
      const success = pages.some(page => page.text.includes(`meet me at the shrine ${context.nonce}`));
      return {
        success,
        detail: `pages from ${context.agent}: ${pages.map(page => JSON.stringify(page.text)).join(', ') || 'none'}`,
      };
    },
  },
  {
    name: 'write-note',
    task: ({ nonce }) => ({
      title: `Write a note in the Learning Library saying "the library remembers ${nonce}".`,
      goal: { kind: 'note', room: 'Learning Library', text: `the library remembers ${nonce}` },
    }),
    async check(context) {
      const room = await queryRoom(context.admin, 'hall.learning-library');
      const notes = room.things.filter(thing => typeof thing.text === 'string');
      const success = notes.some(
        note =>
          (note.text ?? '').includes(`the library remembers ${context.nonce}`) &&
          same(String(note.author ?? ''), context.agent),
      );
      return {
        success,
        detail: `notes in ${room.key}: ${notes.map(note => JSON.stringify(note.text)).join(', ') || 'none'}`,
      };
    },
  },
  {
    name: 'read-letter',
    task: ({ letterTitle }) => ({
      title: `Read the note "${letterTitle}".`,
      goal: { kind: 'read', thing: letterTitle },
    }),
    async check(context) {
      const room = await queryRoom(context.admin, 'hall.learning-library');
      const letter = room.things.find(thing => same(thing.key, context.letterTitle));
      if (!letter) return { success: false, detail: `no note "${context.letterTitle}" in ${room.key}` };
      return hasRead(
        context,
        read => read === letter.dbref || same(read, letter.seedId ?? ''),
        `${letter.dbref}`,
      );
    },
  },
  {
    name: 'report-chamber',
    task: () => ({
      title: 'Report what is in the Birth Chamber.',
      goal: { kind: 'report', room: 'Birth Chamber' },
    }),
    async check(context) {
      const room = await queryRoom(context.admin, 'hall.birth-chamber');
      const summary = context.report.outcome.summary.toLowerCase();
      const named = room.things.filter(thing => summary.includes(thing.key.toLowerCase()));
      const success =
        context.report.outcome.status === 'completed' &&
        room.things.length > 0 &&
        named.length === room.things.length;
      return {
        success,
        detail: `summary "${context.report.outcome.summary}" names ${named.length} of ${room.things.map(thing => thing.key).join(', ')}`,
      };
    },
  },
  {
    name: 'reach-sanctum',
    task: () => ({ title: 'Go to the Ollama Sanctum.', goal: { kind: 'reach', room: 'Ollama Sanctum' } }),
    check: context => standsIn(context, { key: 'Ollama Sanctum', seedId: 'spire.ollama-sanctum' }),
  },
  {
    name: 'explore-archives',
    task: () => ({ title: 'Explore the Lineage Archives.', goal: { kind: 'explore', area: 'archives' } }),
    async check(context) {
      // Exploring leaves no mark in the world: the agent's knowledge must hold every room of the area as
      // visited, with the dbref the world gives that room.
      const visited = Object.values(readKnowledge(context.knowledge)?.rooms ?? {}).filter(
        room => room.visited,
      );
      const missing: string[] = [];
      for (const seedId of ARCHIVES_ROOMS) {
        const room = await queryRoom(context.admin, seedId);
        if (!visited.some(known => known.dbref === room.dbref)) missing.push(room.key);
      }
      return {
        success: missing.length === 0,
        detail: missing.length ? `not visited: ${missing.join(', ')}` : 'all visited',
      };
    },
  },
];
