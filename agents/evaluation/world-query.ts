/**
 * `world_query` (privileged; world-seed/PROTOCOL.md "Agents"): facts about a character, a room or
 * objects by key, for the evaluation's success checks. Only the fields the checks read are validated;
 * the rest passes through.
 */
import { z } from 'zod';
import { agentRequest } from '../runtime/agent-request.ts';
import type { AgentSession } from '../runtime/agent-session.ts';

const Place = z
  .object({ dbref: z.string(), key: z.string(), seedId: z.string().nullable().optional() })
  .loose();

export const CharacterFactsSchema = z
  .object({
    dbref: z.string(),
    key: z.string(),
    location: Place.nullable(),
    /** Where an offline character was when it left the game (else the same as `location`). */
    lastLocation: Place.nullable().optional(),
    read: z.array(z.string()),
    pages: z.array(z.object({ sender: z.string(), text: z.string() }).loose()),
    agent: z.boolean(),
  })
  .loose();
export type CharacterFacts = z.infer<typeof CharacterFactsSchema>;

export const RoomFactsSchema = z
  .object({
    dbref: z.string(),
    key: z.string(),
    seedId: z.string().nullable(),
    things: z.array(
      z
        .object({
          key: z.string(),
          dbref: z.string(),
          seedId: z.string().nullable(),
          typeclass: z.string(),
          text: z.string().nullable().optional(),
        })
        .loose(),
    ),
    characters: z.array(z.object({ key: z.string(), dbref: z.string(), agent: z.boolean() }).loose()),
    speech: z.array(z.object({ speaker: z.string(), text: z.string() }).loose()),
  })
  .loose();
export type RoomFacts = z.infer<typeof RoomFactsSchema>;

export const FindResultSchema = z.object({
  matches: z.array(
    z
      .object({
        dbref: z.string(),
        key: z.string(),
        seedId: z.string().nullable(),
        typeclass: z.string(),
        location: Place.nullable(),
      })
      .loose(),
  ),
});
export type FindResult = z.infer<typeof FindResultSchema>;

const reply = <Schema extends z.ZodType>(result: Schema) => z.object({ result });

export async function queryCharacter(
  session: Pick<AgentSession, 'request'>,
  name: string,
): Promise<CharacterFacts> {
  const { result } = await agentRequest(
    session,
    'world_query',
    { query: 'character', name },
    reply(CharacterFactsSchema),
    'AGENT_ERR_WORLD_QUERY',
  );
  return result;
}

export async function queryRoom(session: Pick<AgentSession, 'request'>, name: string): Promise<RoomFacts> {
  const { result } = await agentRequest(
    session,
    'world_query',
    { query: 'room', name },
    reply(RoomFactsSchema),
    'AGENT_ERR_WORLD_QUERY',
  );
  return result;
}

export async function findObjects(session: Pick<AgentSession, 'request'>, name: string): Promise<FindResult> {
  const { result } = await agentRequest(
    session,
    'world_query',
    { query: 'find', name },
    reply(FindResultSchema),
    'AGENT_ERR_WORLD_QUERY',
  );
  return result;
}
