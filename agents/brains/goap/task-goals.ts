/**
 * Each kind of task goal (agents/tasks/task.ts) as GOAP facts: what must hold, what the task's history
 * says already holds, the goal's own actions, and a last `complete` whose precondition is all of it, so
 * a plan always ends by reporting. A target the agent does not know yet sends it exploring; a target it
 * cannot find after exploring everything, or free text, ends the task as failed.
 */
import type { RoomInfo } from '../../../mud-client/index.ts';
import type { Knowledge, KnownRoom } from '../../knowledge/knowledge.ts';
import { findCharacter, findRoom, findThings, knownRooms, whereabouts } from '../../knowledge/queries.ts';
import type { Goal } from '../../tasks/task.ts';
import type { StepRecord } from '../brain.ts';
import { inArea, nearestUnvisited, resolveArea, unvisitedRooms } from './exploration.ts';
import {
  AT,
  commandSafe,
  DONE,
  type GoalVerdict,
  type GoapAction,
  type GoapGoal,
  greetedFact,
  lookedFact,
  noteFact,
  pagedFact,
  readFact,
  saidFact,
} from './facts.ts';
import { greetedIn, lookedHere, paged, readOf, saidHere, wroteHere } from './task-history.ts';
import type { WorldState } from './world-state.ts';

export interface TaskSituation {
  knowledge: Knowledge;
  room: RoomInfo;
  history: readonly StepRecord[];
}

const failed = (name: string, summary: string): GoalVerdict => ({
  name,
  finish: { status: 'failed', summary },
});

function completion(
  name: string,
  facts: WorldState,
  start: WorldState,
  summary: string,
  actions: GoapAction[] = [],
): GoapGoal {
  const complete: GoapAction = {
    id: 'complete',
    cost: 1,
    preconditions: facts,
    effects: { [DONE]: true },
    payload: { tool: 'complete', input: { status: 'completed', summary }, label: 'complete' },
  };
  return { name, facts: { ...facts, [DONE]: true }, start, actions: [...actions, complete] };
}

/** Go looking: the nearest unvisited room, or a verdict when there is none left. */
function search(name: string, situation: TaskSituation, missing: string): GoapGoal | GoalVerdict {
  const nearest = nearestUnvisited(situation.knowledge);
  if (!nearest) {
    const count = knownRooms(situation.knowledge).filter(room => room.visited).length;
    return failed(name, `I could not find ${missing} in the ${count} rooms I know.`);
  }
  return {
    name: `${name} (exploring to find ${missing})`,
    facts: { [AT]: nearest.room.dbref },
    start: {},
    actions: [],
  };
}

/** "Lesson Stones: things: heartbeat stone, ...; characters: none; exits: east to Teaching Grove." */
export function roomReport(room: KnownRoom, knowledge: Knowledge, live: RoomInfo | undefined): string {
  const things = (live?.things ?? room.things).map(thing => thing.key);
  const characters = live
    ? live.characters.map(character => character.key)
    : room.characters.map(dbref => knowledge.characters[dbref]?.key ?? dbref);
  const exits = room.exits.map(exit => {
    const to = exit.to === null ? undefined : knowledge.rooms[exit.to]?.key;
    return to ? `${exit.key} to ${to}` : exit.key;
  });
  const list = (names: string[]) => (names.length > 0 ? names.join(', ') : 'none');
  return `${room.key}: things: ${list(things)}; characters: ${list(characters)}; exits: ${list(exits)}.`;
}

export function taskGoal(goal: Goal, situation: TaskSituation): GoapGoal | GoalVerdict {
  const { knowledge, room, history } = situation;
  const here = room.dbref;
  switch (goal.kind) {
    case 'reach': {
      const name = `reach ${goal.room}`;
      const target = findRoom(knowledge, goal.room);
      if (!target) return search(name, situation, goal.room);
      return completion(name, { [AT]: target.dbref }, {}, `I am in ${target.key}.`);
    }
    case 'read': {
      const name = `read ${goal.thing}`;
      const place = findThings(knowledge, goal.thing)[0];
      if (!place) return search(name, situation, goal.thing);
      const fact = readFact(place.thing.dbref);
      const done = readOf(history, place.thing.key);
      const summary = done
        ? `I read the ${place.thing.key} in ${place.room.key}: ${done.observation.text.slice(0, 400)}`
        : `I read the ${place.thing.key}.`;
      return completion(name, { [fact]: true }, { [fact]: done !== undefined }, summary);
    }
    case 'greet': {
      const name = `greet ${goal.character}`;
      const character = findCharacter(knowledge, goal.character);
      const greeted = character !== undefined && greetedIn(history, character.key);
      if (character && greeted) {
        return completion(
          name,
          { [greetedFact(character.dbref)]: true },
          { [greetedFact(character.dbref)]: true },
          `I greeted ${character.key}.`,
        );
      }
      const where = character ? whereabouts(knowledge, character) : undefined;
      if (!character || !where) return search(name, situation, goal.character);
      return completion(name, { [greetedFact(character.dbref)]: true }, {}, `I greeted ${character.key}.`);
    }
    case 'note':
    case 'say': {
      const verb = goal.kind === 'note' ? 'leave a note' : 'say';
      const name = `${verb} in ${goal.room}`;
      const target = findRoom(knowledge, goal.room);
      if (!target) return search(name, situation, goal.room);
      const text = commandSafe(goal.text, 1000);
      const fact = goal.kind === 'note' ? noteFact(target.dbref) : saidFact(target.dbref);
      const done =
        here === target.dbref && (goal.kind === 'note' ? wroteHere(history, text) : saidHere(history, text));
      const title = commandSafe(text.split(/\s+/).slice(0, 5).join(' '), 60, true) || 'Note';
      const action: GoapAction = {
        id: `${goal.kind} ${target.dbref}`,
        cost: 1,
        preconditions: { [AT]: target.dbref },
        effects: { [fact]: true },
        payload:
          goal.kind === 'note'
            ? { tool: 'write', input: { title, text }, label: `write a note "${title}"` }
            : { tool: 'say', input: { text }, label: `say "${text.slice(0, 40)}"` },
      };
      const summary =
        goal.kind === 'note'
          ? `I left a note in ${target.key}: ${text}`
          : `I said "${text}" in ${target.key}.`;
      return completion(name, { [fact]: true }, { [fact]: done }, summary, [action]);
    }
    case 'report': {
      const name = `report what is in ${goal.room}`;
      const target = findRoom(knowledge, goal.room);
      if (!target) return search(name, situation, goal.room);
      const fact = lookedFact(target.dbref);
      const done = here === target.dbref && lookedHere(history);
      const summary = roomReport(target, knowledge, here === target.dbref ? room : undefined);
      return completion(name, { [AT]: target.dbref, [fact]: true }, { [fact]: done }, summary);
    }
    case 'page': {
      const character = commandSafe(goal.character, 80, true);
      const text = commandSafe(goal.text, 1000);
      const fact = pagedFact(character.toLowerCase());
      const action: GoapAction = {
        id: `page ${character}`,
        cost: 1,
        preconditions: {},
        effects: { [fact]: true },
        payload: { tool: 'page', input: { character, text }, label: `page ${character}` },
      };
      const done = paged(history, character, text);
      return completion(
        `page ${character}`,
        { [fact]: true },
        { [fact]: done },
        `I paged ${character}: ${text}`,
        [action],
      );
    }
    case 'explore': {
      const area = goal.area === undefined ? undefined : resolveArea(knowledge, goal.area);
      const name = area === undefined ? 'explore the world' : `explore ${goal.area}`;
      const nearest = nearestUnvisited(knowledge, area);
      if (nearest) return { name, facts: { [AT]: nearest.room.dbref }, start: {}, actions: [] };
      const visited = knownRooms(knowledge).filter(known => known.visited && inArea(known, area));
      if (visited.length === 0) {
        if (unvisitedRooms(knowledge).length > 0) return search(name, situation, `the area ${goal.area}`);
        return failed(name, `I found no rooms of ${goal.area}.`);
      }
      const summary = `I explored ${visited.length} rooms: ${visited.map(known => known.key).join(', ')}.`;
      return completion(name, {}, {}, summary);
    }
    case 'free':
      return failed('understand the task', 'GOAP cannot interpret free text');
  }
}
