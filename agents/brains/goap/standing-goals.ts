/**
 * What an agent does without a task, so that it lives visibly: greet whoever is here and not yet greeted,
 * read the lesson stones it has not read, visit the Heartbeat Shrine, explore rooms it has not seen. Each
 * candidate gets a utility (more for more to do, less the farther away it is); the brain plans for the
 * best one that has a plan.
 */
import type { RoomInfo } from '../../../mud-client/index.ts';
import type { Knowledge } from '../../knowledge/knowledge.ts';
import { normalName } from '../../knowledge/names.ts';
import { reachable } from '../../knowledge/path-finding.ts';
import { hasGreeted, hasRead, isReadable, knownRooms } from '../../knowledge/queries.ts';
import { nearestUnvisited, unvisitedRooms } from './exploration.ts';
import { AT, type GoapGoal, greetedFact, readFact } from './facts.ts';

/** The names a lineage file uses for the standing goals (`goals:` of an agent definition). */
export const STANDING_GOAL_KINDS = ['greet', 'read-stones', 'visit-shrine', 'explore'] as const;
export type StandingGoalKind = (typeof STANDING_GOAL_KINDS)[number];

export interface StandingGoal extends GoapGoal {
  kind: StandingGoalKind;
  utility: number;
}

const SHRINE = /HeartbeatShrine/;
const listed = (names: readonly string[]) =>
  names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * The candidate goals, best first. `preferred` (the agent's own `goals`, in its order of preference)
 * keeps only those kinds and raises the utility of the earlier ones; empty means all, unweighted.
 */
export function standingGoals(
  knowledge: Knowledge,
  room: RoomInfo,
  preferred: readonly string[] = [],
): StandingGoal[] {
  const goals: StandingGoal[] = [];
  const here = knowledge.currentRoom ?? room.dbref;
  const distances = reachable(knowledge, here);

  const strangers = room.characters.filter(character => !hasGreeted(knowledge, character));
  if (strangers.length > 0) {
    goals.push({
      kind: 'greet',
      name: `greet ${listed(strangers.map(character => character.key))}`,
      facts: Object.fromEntries(strangers.map(character => [greetedFact(character.dbref), true])),
      start: {},
      actions: [],
      utility: 3 * strangers.length,
    });
  }

  const unread = knownRooms(knowledge).flatMap(known =>
    known.things
      .filter(thing => isReadable(thing) && !hasRead(knowledge, thing))
      // Its own notes the agent knows already.
      .filter(
        thing =>
          !knowledge.notes.some(
            note => note.room === known.dbref && normalName(note.title) === normalName(thing.key),
          ),
      )
      .map(thing => ({ thing, hops: distances.get(known.dbref)?.hops })),
  );
  const reachableUnread = unread.filter(entry => entry.hops !== undefined);
  if (reachableUnread.length > 0) {
    const nearest = Math.min(...reachableUnread.map(entry => entry.hops as number));
    const stones = reachableUnread.every(entry => /LessonStone/.test(entry.thing.typeclass));
    goals.push({
      kind: 'read-stones',
      name: stones ? 'read all lesson stones' : 'read what is written',
      facts: Object.fromEntries(reachableUnread.map(entry => [readFact(entry.thing.dbref), true])),
      start: {},
      actions: [],
      utility: (2 * reachableUnread.length) / (1 + nearest / 5),
    });
  }

  // The room holding the Heartbeat Shrine, or one seen only through an exit and named like it.
  const shrine =
    knownRooms(knowledge).find(known => known.things.some(thing => SHRINE.test(thing.typeclass))) ??
    knownRooms(knowledge).find(known => !known.visited && /\bshrine\b/i.test(known.key));
  if (shrine && !shrine.visited && shrine.dbref !== here && distances.has(shrine.dbref)) {
    goals.push({
      kind: 'visit-shrine',
      name: 'visit the shrine',
      facts: { [AT]: shrine.dbref },
      start: {},
      actions: [],
      utility: 1.5,
    });
  }

  const nearest = nearestUnvisited(knowledge);
  if (nearest) {
    goals.push({
      kind: 'explore',
      name: 'explore the world',
      facts: { [AT]: nearest.room.dbref },
      start: {},
      actions: [],
      utility: 1 + Math.min(1, unvisitedRooms(knowledge).length / 20),
    });
  }
  const wanted = preferred.filter((name): name is StandingGoalKind =>
    (STANDING_GOAL_KINDS as readonly string[]).includes(name),
  );
  const weighted =
    wanted.length === 0
      ? goals
      : goals
          .filter(goal => wanted.includes(goal.kind))
          .map(goal => ({
            ...goal,
            utility: goal.utility * (1 + (0.5 * (wanted.length - wanted.indexOf(goal.kind))) / wanted.length),
          }));
  // Stable: by utility, then in the order above.
  return weighted
    .map((goal, order) => ({ goal, order }))
    .sort((a, b) => b.goal.utility - a.goal.utility || a.order - b.order)
    .map(entry => entry.goal);
}
