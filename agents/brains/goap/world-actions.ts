/**
 * The actions the world offers, as the agent knows it: walking along every known exit, reading every
 * known thing, greeting every character whose whereabouts is known, looking around in any known room.
 * Only tools offered now take part (a plan's first step must be callable here); relevance pruning then
 * keeps those that matter to the goal.
 */
import type { Knowledge } from '../../knowledge/knowledge.ts';
import { knownRooms, whereabouts } from '../../knowledge/queries.ts';
import { AT, type GoapAction, greetedFact, lookedFact, readFact } from './facts.ts';

export function greeting(name: string): string {
  return `Hello, ${name}!`;
}

export function worldActions(knowledge: Knowledge, tools: ReadonlySet<string>): GoapAction[] {
  const actions: GoapAction[] = [];
  for (const room of knownRooms(knowledge)) {
    // Looking around works in any room the agent can reach, seen only through an exit or not.
    if (tools.has('look')) {
      actions.push({
        id: `look ${room.dbref}`,
        cost: 1,
        preconditions: { [AT]: room.dbref },
        effects: { [lookedFact(room.dbref)]: true },
        payload: { tool: 'look', input: {}, label: 'look' },
      });
    }
    if (!room.visited) continue;
    if (tools.has('go')) {
      for (const exit of room.exits) {
        if (exit.to === null) continue;
        actions.push({
          id: `go ${room.dbref} ${exit.key}`,
          cost: 1,
          preconditions: { [AT]: room.dbref },
          effects: { [AT]: exit.to },
          payload: { tool: 'go', input: { exit: exit.key }, label: `go ${exit.key}` },
        });
      }
    }
    if (tools.has('read')) {
      for (const thing of room.things) {
        actions.push({
          id: `read ${thing.dbref}`,
          cost: 1,
          preconditions: { [AT]: room.dbref },
          effects: { [readFact(thing.dbref)]: true },
          payload: { tool: 'read', input: { thing: thing.key }, label: `read ${thing.key}` },
        });
      }
    }
  }
  if (tools.has('say')) {
    for (const character of Object.values(knowledge.characters)) {
      const room = whereabouts(knowledge, character);
      if (!room) continue;
      actions.push({
        id: `greet ${character.dbref}`,
        cost: 1,
        preconditions: { [AT]: room },
        effects: { [greetedFact(character.dbref)]: true },
        payload: { tool: 'say', input: { text: greeting(character.key) }, label: `greet ${character.key}` },
      });
    }
  }
  return actions;
}
