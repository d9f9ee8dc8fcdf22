/**
 * The outbox table in SQLite (better-sqlite3): one row per write a bridge must make, unique per
 * (bridge, kind, idempotency key). Every state change is one statement or one transaction, so a kill -9
 * leaves each row in exactly one of its states.
 *
 * Durability: WAL. In the default `full` mode the enqueue commits with `synchronous=FULL` (fsync of the
 * WAL before `enqueue` returns), so "recorded" survives a power cut, not only a killed process. State
 * transitions (claim, delivered, failed, dead, retry) commit with `synchronous=NORMAL`: a kill -9 loses
 * none of them (the WAL is in the OS cache), and a power cut can only roll back the latest transitions,
 * which leaves an entry pending or delivering — redelivered, deduplicated by the idempotent deliverers —
 * never corrupts or loses it (WAL frames are replayed in order, and the next FULL commit syncs the earlier
 * ones too). That saves two fsyncs per delivered entry; `bench/outbox-throughput.ts` measures both modes.
 * `normal` mode commits everything with NORMAL (enqueues then survive kill -9, not power loss).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BridgeError } from '../errors.ts';
import type {
  BridgeName,
  EnqueueRequest,
  OutboxEntry,
  OutboxStats,
  OutboxStatus,
} from './outbox-contract.ts';

export type Synchronous = 'full' | 'normal';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bridge TEXT NOT NULL,
  kind TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivering', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  attempts_before_retry INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  settled_at INTEGER,
  last_error TEXT,
  result TEXT,
  UNIQUE (bridge, kind, idempotency_key)
);
CREATE INDEX IF NOT EXISTS outbox_entries_due ON outbox_entries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS outbox_entries_stream ON outbox_entries (bridge, kind, status, id);
`;

interface Row {
  id: number;
  bridge: BridgeName;
  kind: string;
  idempotency_key: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  attempts_before_retry: number;
  created_at: number;
  next_attempt_at: number;
  lease_until: number | null;
  settled_at: number | null;
  last_error: string | null;
  result: string | null;
}

/** An entry as stored, with the bookkeeping the delivery loop needs. */
export interface StoredEntry extends OutboxEntry {
  /** Attempts already used when an operator last retried the dead letter (0 if never). */
  attemptsBeforeRetry: number;
  leaseUntil?: number;
  settledAt?: number;
}

function toEntry(row: Row): StoredEntry {
  return {
    id: row.id,
    bridge: row.bridge,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    attemptsBeforeRetry: row.attempts_before_retry,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    ...(row.lease_until === null ? {} : { leaseUntil: row.lease_until }),
    ...(row.settled_at === null ? {} : { settledAt: row.settled_at }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as unknown }),
  };
}

function toJson(value: unknown): string {
  return JSON.stringify(value ?? null) ?? 'null';
}

export class OutboxStore {
  readonly file: string;
  private readonly syncEnqueue: boolean;
  private readonly database: Database.Database;
  private readonly statements;

  constructor(file: string, options: { synchronous?: Synchronous } = {}) {
    this.file = file;
    this.syncEnqueue = options.synchronous !== 'normal';
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
      this.database = new Database(file);
      this.database.pragma('journal_mode = WAL');
      this.database.pragma('synchronous = NORMAL');
      this.database.pragma('busy_timeout = 5000');
      this.database.exec(SCHEMA);
    } catch (error) {
      throw new BridgeError('BRIDGE_ERR_OUTBOX_STORE', 'outbox', `cannot open the outbox database ${file}`, {
        cause: error,
        fix: `check that ${path.dirname(file)} is writable, or move the outbox with outbox.file in timmy.bridges.yaml`,
      });
    }
    const database = this.database;
    this.statements = {
      insert: database.prepare<[string, string, string, string, number, number], Row>(
        `INSERT INTO outbox_entries (bridge, kind, idempotency_key, payload, status, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)
         ON CONFLICT (bridge, kind, idempotency_key) DO NOTHING RETURNING *`,
      ),
      byKey: database.prepare<[string, string, string], Row>(
        'SELECT * FROM outbox_entries WHERE bridge = ? AND kind = ? AND idempotency_key = ?',
      ),
      byId: database.prepare<[number], Row>('SELECT * FROM outbox_entries WHERE id = ?'),
      due: database.prepare<[string, string, number, number], Row>(
        `SELECT * FROM outbox_entries WHERE bridge = ? AND kind = ? AND status = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      streamHead: database.prepare<[string, string], Row>(
        `SELECT * FROM outbox_entries WHERE bridge = ? AND kind = ? AND status IN ('pending', 'delivering')
         ORDER BY id LIMIT 1`,
      ),
      claim: database.prepare<[number, number, number], Row>(
        `UPDATE outbox_entries SET status = 'delivering', attempts = attempts + 1, lease_until = ?
         WHERE id = ? AND status = 'pending' AND next_attempt_at <= ? RETURNING *`,
      ),
      delivered: database.prepare<[string, number, number], Row>(
        `UPDATE outbox_entries SET status = 'delivered', result = ?, settled_at = ?, lease_until = NULL,
         last_error = NULL WHERE id = ? AND status = 'delivering' RETURNING *`,
      ),
      failed: database.prepare<[string, number, number], Row>(
        `UPDATE outbox_entries SET status = 'pending', last_error = ?, next_attempt_at = ?, lease_until = NULL
         WHERE id = ? AND status = 'delivering' RETURNING *`,
      ),
      dead: database.prepare<[string, number, number], Row>(
        `UPDATE outbox_entries SET status = 'dead', last_error = ?, settled_at = ?, lease_until = NULL
         WHERE id = ? AND status = 'delivering' RETURNING *`,
      ),
      recover: database.prepare<[number]>(
        `UPDATE outbox_entries SET status = 'pending', lease_until = NULL, next_attempt_at = MIN(next_attempt_at, ?)
         WHERE status = 'delivering'`,
      ),
      retry: database.prepare<[number, number], Row>(
        `UPDATE outbox_entries SET status = 'pending', attempts_before_retry = attempts, next_attempt_at = ?,
         settled_at = NULL WHERE id = ? AND status = 'dead' RETURNING *`,
      ),
      counts: database.prepare<[], { status: OutboxStatus; count: number }>(
        'SELECT status, COUNT(*) AS count FROM outbox_entries GROUP BY status',
      ),
      deadLetters: database.prepare<[number], Row>(
        `SELECT * FROM outbox_entries WHERE status = 'dead' ORDER BY settled_at DESC, id DESC LIMIT ?`,
      ),
      nextWake: database.prepare<[string, string, number], { at: number | null }>(
        `SELECT MIN(next_attempt_at) AS at FROM outbox_entries
         WHERE bridge = ? AND kind = ? AND status = 'pending' AND next_attempt_at > ?`,
      ),
    };
  }

  /** Inserts the entry, or returns the existing one with the same (bridge, kind, key). */
  enqueue(request: EnqueueRequest, now: number): { entry: StoredEntry; duplicate: boolean } {
    const { bridge, kind, idempotencyKey } = request;
    const payload = toJson(request.payload);
    if (this.syncEnqueue) this.database.pragma('synchronous = FULL');
    let inserted: Row | undefined;
    try {
      inserted = this.statements.insert.get(bridge, kind, idempotencyKey, payload, now, now);
    } finally {
      if (this.syncEnqueue) this.database.pragma('synchronous = NORMAL');
    }
    if (inserted) return { entry: toEntry(inserted), duplicate: false };
    const existing = this.statements.byKey.get(bridge, kind, idempotencyKey);
    if (!existing)
      throw new Error(`outbox: conflicting insert of ${bridge}/${kind}/${idempotencyKey} vanished`);
    return { entry: toEntry(existing), duplicate: true };
  }

  entry(id: number): StoredEntry | undefined {
    const row = this.statements.byId.get(id);
    return row && toEntry(row);
  }

  /** Pending entries of one stream that are due, oldest due first. */
  due(bridge: BridgeName, kind: string, now: number, limit: number): StoredEntry[] {
    return this.statements.due.all(bridge, kind, now, limit).map(toEntry);
  }

  /** The oldest unsettled entry of a stream (what an ordered stream must deliver next). */
  streamHead(bridge: BridgeName, kind: string): StoredEntry | undefined {
    const row = this.statements.streamHead.get(bridge, kind);
    return row && toEntry(row);
  }

  /** Atomically moves the given due entries from pending to delivering; returns those it got. */
  claim(ids: readonly number[], now: number, leaseUntil: number): StoredEntry[] {
    return this.database.transaction(() =>
      ids.flatMap(id => {
        const row = this.statements.claim.get(leaseUntil, id, now);
        return row ? [toEntry(row)] : [];
      }),
    )();
  }

  markDelivered(id: number, result: unknown, now: number): StoredEntry | undefined {
    const row = this.statements.delivered.get(toJson(result), now, id);
    return row && toEntry(row);
  }

  markFailed(id: number, error: string, nextAttemptAt: number): StoredEntry | undefined {
    const row = this.statements.failed.get(error, nextAttemptAt, id);
    return row && toEntry(row);
  }

  markDead(id: number, error: string, now: number): StoredEntry | undefined {
    const row = this.statements.dead.get(error, now, id);
    return row && toEntry(row);
  }

  /** Entries a previous process left `delivering` go back to pending, due now. Returns how many. */
  recoverAbandoned(now: number): number {
    return this.statements.recover.run(now).changes;
  }

  retry(id: number, now: number): StoredEntry | undefined {
    const row = this.statements.retry.get(now, id);
    return row && toEntry(row);
  }

  stats(): OutboxStats {
    const stats: OutboxStats = { pending: 0, delivering: 0, delivered: 0, dead: 0 };
    for (const { status, count } of this.statements.counts.all()) stats[status] = count;
    return stats;
  }

  deadLetters(limit: number): StoredEntry[] {
    return this.statements.deadLetters.all(limit).map(toEntry);
  }

  /** The earliest future `next_attempt_at` of a stream's pending entries. */
  nextWake(bridge: BridgeName, kind: string, now: number): number | undefined {
    return this.statements.nextWake.get(bridge, kind, now)?.at ?? undefined;
  }

  close(): void {
    if (this.database.open) this.database.close();
  }
}
