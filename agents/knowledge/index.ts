/** Public surface of the agent's knowledge of the world: the record, learning, look-ups and paths. */
export {
  emptyKnowledge,
  KNOWLEDGE_LIMITS,
  type Knowledge,
  KnowledgeSchema,
  type KnownCharacter,
  type KnownRoom,
  type KnownThing,
  readKnowledge,
} from './knowledge.ts';
export { learnRoom } from './learn-room.ts';
export { learnStep, mentions } from './learn-step.ts';
export { bestMatches, nameScore, normalName } from './names.ts';
export { findPath, type PathStep, reachable } from './path-finding.ts';
export {
  findCharacter,
  findRoom,
  findThings,
  hasGreeted,
  hasRead,
  isReadable,
  knownRooms,
  type ThingPlace,
  whereabouts,
} from './queries.ts';
