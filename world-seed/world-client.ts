/**
 * The two privileged requests of PROTOCOL.md over a logged-in `MudSession`: `world_snapshot` and
 * `world_apply`. Replies are validated; the server's refusals become `WorldSeedError`s that name the
 * operation's seed id, not just its index.
 */
import { z } from 'zod';
import { MudClientError } from '../mud-client/errors.ts';
import type { MudSession } from '../mud-client/session/mud-session.ts';
import { WorldSeedError } from './errors.ts';
import { type LiveObject, parseSnapshot } from './live-world.ts';
import type { Operation } from './operations.ts';

/** Creating the whole Timmy world takes a few seconds; leave room for slow machines. */
const APPLY_TIMEOUT_MS = 120_000;
const SNAPSHOT_TIMEOUT_MS = 60_000;

const ApplyReply = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      op: z.enum(['create', 'update', 'delete']),
      dbref: z.string().nullable(),
      seedId: z.string().nullable(),
    }),
  ),
});

export type ApplyResult = z.infer<typeof ApplyReply>['results'][number];

export async function fetchSnapshot(session: MudSession): Promise<LiveObject[]> {
  const reply = await call(session, 'world_snapshot', {}, SNAPSHOT_TIMEOUT_MS, []);
  return parseSnapshot(reply);
}

export interface ApplyOptions {
  /** Only validate; nothing changes. */
  dryRun?: boolean;
  /** What each operation is about (its seed id), to name it in errors. */
  subjects?: readonly string[];
}

export async function applyOperations(
  session: MudSession,
  operations: readonly Operation[],
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const kwargs: Record<string, unknown> = { operations };
  if (options.dryRun) kwargs.dryRun = true;
  const subjects = operations.map((operation, index) => options.subjects?.[index] ?? subjectOf(operation));
  const reply = await call(session, 'world_apply', kwargs, APPLY_TIMEOUT_MS, subjects);
  const parsed = ApplyReply.safeParse(reply);
  if (!parsed.success) {
    throw new WorldSeedError('WORLD_ERR_SERVER', "the server's world_apply reply is outside the protocol", {
      details: { issues: parsed.error.issues.slice(0, 5) },
    });
  }
  return parsed.data.results;
}

async function call(
  session: MudSession,
  name: string,
  kwargs: Record<string, unknown>,
  timeoutMs: number,
  subjects: readonly string[],
): Promise<Record<string, unknown>> {
  try {
    const event = await session.request(name, kwargs, { timeoutMs });
    return event.kwargs;
  } catch (error) {
    throw toWorldError(name, error, subjects);
  }
}

function toWorldError(name: string, error: unknown, subjects: readonly string[]): WorldSeedError {
  if (!(error instanceof MudClientError)) {
    return new WorldSeedError('WORLD_ERR_SERVER', `${name}: ${String(error)}`, { cause: error });
  }
  if (error.code !== 'MUD_ERR_REQUEST_FAILED') {
    return new WorldSeedError('WORLD_ERR_SERVER', `${name}: ${error.message}`, {
      cause: error,
      details: { mudError: error.code },
    });
  }
  const serverCode = error.details.code;
  const message = explainOperation(shortened(error.message), subjects);
  if (serverCode === 'forbidden') {
    return new WorldSeedError('WORLD_ERR_FORBIDDEN', message, {
      cause: error,
      details: { serverCode },
      fix: 'connect as the superuser (its credentials are in .timmy/secrets/superuser.json) or an account in TIMMY_PRIVILEGED_ACCOUNTS',
    });
  }
  return new WorldSeedError(serverCode === 'invalid' ? 'WORLD_ERR_REJECTED' : 'WORLD_ERR_SERVER', message, {
    cause: error,
    details: { serverCode },
  });
}

/** "operation 12 (create): unknown typeclass" → "operation 12 (create hall.beacon): unknown typeclass" */
function explainOperation(message: string, subjects: readonly string[]): string {
  return message.replace(/operation (\d+) \((\w+)\)/, (whole, index: string, op: string) => {
    const subject = subjects[Number(index)];
    return subject === undefined ? whole : `operation ${index} (${op} ${subject})`;
  });
}

function subjectOf(operation: Operation): string {
  if (operation.op === 'create') return operation.seedId;
  return 'dbref' in operation.target ? operation.target.dbref : operation.target.seed;
}

/** The server's first two lines (a Python import error lists every path it searched after them). */
function shortened(message: string): string {
  const lines = message.split('\n').filter(line => line.trim() !== '');
  return lines.length <= 2 ? lines.join(' ') : `${lines.slice(0, 2).join(' ')} (more in the server log)`;
}
