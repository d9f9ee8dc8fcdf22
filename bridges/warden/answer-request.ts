/**
 * One `bridge_request` in, one answer out: the warden's routing, free of I/O. The request is validated with
 * `BridgeRequestSchema`; its `bridge` + `action` pick a handler; the handler runs under a time limit (its
 * `AbortSignal` fires when the limit passes or the warden stops); what it returns is validated and its text
 * bounded. Every failure — an invalid request, an unknown bridge or action, a handler that throws, hangs or
 * answers nonsense — is an answer with `ok: false` and a sentence for the player, never an exception.
 */
import { z } from 'zod';
import { type BridgeHandlers, type BridgeRequest, BridgeRequestSchema } from './bridge-request.ts';
import type { WardenBridge } from './warden-messages.ts';

/** The handler tables the warden serves, one per bridge. */
export type WardenHandlers = Partial<Record<WardenBridge, BridgeHandlers>>;

export interface RequestAnswer {
  /** The request's id, when it had a readable one (a reply without it cannot be delivered). */
  id: string | undefined;
  ok: boolean;
  text: string;
}

export interface AnswerOptions {
  handlers: WardenHandlers;
  /** A handler still running after this long is abandoned (its signal aborts). */
  timeoutMs: number;
  /** Answers are cut beyond this many characters. */
  maxTextChars: number;
  /** Aborts every handler at once (the warden stops). */
  signal?: AbortSignal;
}

const HandlerAnswerSchema = z.object({ ok: z.boolean(), text: z.string() });

const BRIDGE_NAMES: Record<WardenBridge, string> = { gitea: 'Gitea', nostr: 'Nostr' };

export function boundText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 1))}…`;
}

function requestId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
}

/** The first line of an error's message, short, for a player to read. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return boundText(message.split('\n')[0]?.trim() || 'no reason given', 300);
}

export async function answerBridgeRequest(raw: unknown, options: AnswerOptions): Promise<RequestAnswer> {
  const parsed = BridgeRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map(issue => `${issue.path.join('.') || 'request'}: ${issue.message}`)
      .join('; ');
    return { id: requestId(raw), ok: false, text: `The warden could not read the request (${where}).` };
  }
  const request = parsed.data;
  const answer = await runHandler(request, options);
  return { id: request.id, ok: answer.ok, text: boundText(answer.text, options.maxTextChars) };
}

async function runHandler(
  request: BridgeRequest,
  options: AnswerOptions,
): Promise<{ ok: boolean; text: string }> {
  const name = BRIDGE_NAMES[request.bridge];
  const table = options.handlers[request.bridge];
  if (!table) return { ok: false, text: `The warden does not serve the ${name} bridge.` };
  const handler = Object.hasOwn(table, request.action) ? table[request.action] : undefined;
  if (!handler) {
    const known = Object.keys(table).sort().join(', ') || 'none';
    return { ok: false, text: `The ${name} bridge knows no action "${request.action}" (known: ${known}).` };
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onStop = () => {};
  const interrupted = new Promise<{ ok: boolean; text: string }>(resolve => {
    onStop = () => {
      controller.abort(options.signal?.reason);
      resolve({ ok: false, text: 'The warden is shutting down.' });
    };
    if (options.signal?.aborted) onStop();
    else options.signal?.addEventListener('abort', onStop, { once: true });
    timer = setTimeout(() => {
      controller.abort(new Error(`no answer within ${options.timeoutMs} ms`));
      resolve({
        ok: false,
        text: `The ${name} bridge did not answer within ${Math.round(options.timeoutMs / 1000)} seconds.`,
      });
    }, options.timeoutMs);
  });
  const handled = (async () => {
    try {
      const answer = HandlerAnswerSchema.safeParse(await handler(request, controller.signal));
      if (!answer.success) return { ok: false, text: `The ${name} bridge gave a malformed answer.` };
      return answer.data;
    } catch (error) {
      return { ok: false, text: `The ${name} bridge failed: ${reasonOf(error)}` };
    }
  })();
  try {
    return await Promise.race([handled, interrupted]);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onStop);
  }
}
