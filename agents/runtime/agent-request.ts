/**
 * The agents' out-of-band requests (world-seed/PROTOCOL.md, "Agents"): each is answered with one OOB
 * message of its own name, `{requestId, ok: true, ...result}` or `{requestId, ok: false, code, error}`.
 * This turns the second form into an `AgentError` with the server's code and validates the first.
 */
import type { z } from 'zod';
import type { AgentSession } from './agent-session.ts';
import { AgentError, type AgentErrorCode } from './errors.ts';

export async function agentRequest<Schema extends z.ZodType>(
  session: Pick<AgentSession, 'request'>,
  name: string,
  kwargs: Record<string, unknown>,
  schema: Schema,
  errorCode: AgentErrorCode,
  timeoutMs = 30_000,
): Promise<z.infer<Schema>> {
  let reply: Record<string, unknown>;
  try {
    reply = (await session.request(name, kwargs, { timeoutMs })).kwargs;
  } catch (error) {
    throw new AgentError(errorCode, `${name}: ${(error as Error).message}`, { cause: error });
  }
  if (reply.ok === false) {
    throw new AgentError(errorCode, `${name} refused: ${String(reply.error ?? 'no reason given')}`, {
      details: { request: name, code: reply.code },
    });
  }
  const parsed = schema.safeParse(reply);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentError(
      errorCode,
      `${name} answered outside the protocol: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
