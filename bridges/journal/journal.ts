/**
 * Timmy's journal: entries (status, action, next) appended to `thoughts/YYYY-MM-DD.md` in a git repository
 * and pushed to a remote. Every write goes through the outbox — `journal.append` (ordered: entries land in
 * the order they were written) commits locally, then enqueues a `journal.push` — so a remote that is down
 * only delays the push, and a crash at any point neither loses an entry nor writes it twice.
 */

import type { Outbox } from '../outbox/outbox.ts';
import { DeliveryError, type OutboxEntry } from '../outbox/outbox-contract.ts';
import {
  entryMarker,
  formatJournalEntry,
  type JournalAppendPayload,
  JournalAppendPayloadSchema,
  type JournalEntry,
  JournalEntrySchema,
  journalFile,
} from './journal-entry.ts';
import { type AppendResult, isPermanentGitFailure } from './journal-repository.ts';
import { localTime } from './local-time.ts';

export const JOURNAL_APPEND = 'journal.append';
export const JOURNAL_PUSH = 'journal.push';

/** What the journal needs of its repository (`JournalRepository`). */
export interface JournalGit {
  readonly hasRemote: boolean;
  append(relativeFile: string, text: string, marker: string, message: string): Promise<AppendResult>;
  push(): Promise<{ pushed: boolean }>;
}

export interface JournalOptions {
  repository: JournalGit;
  outbox: Outbox;
  /** IANA time zone that names the day's file and the entry times. */
  timeZone: string;
  /** ms since the epoch (injected for tests). */
  now?: () => number;
}

export interface JournalPushPayload {
  /** The append whose commit this push carries (pushes carry every commit made so far). */
  after: string;
}

let sequence = 0;

export class Journal {
  private readonly repository: JournalGit;
  private readonly outbox: Outbox;
  private readonly timeZone: string;
  private readonly now: () => number;

  constructor(options: JournalOptions) {
    this.repository = options.repository;
    this.outbox = options.outbox;
    this.timeZone = options.timeZone;
    this.now = options.now ?? Date.now;
    localTime(0, this.timeZone); // refuses an unknown zone now, not at the first delivery
    this.outbox.register(
      'journal',
      JOURNAL_APPEND,
      (payload, context) => this.deliverAppend(payload, context.idempotencyKey),
      {
        ordered: true,
      },
    );
    this.outbox.register('journal', JOURNAL_PUSH, () => this.deliverPush(), { ordered: true });
  }

  /**
   * Records an entry in the outbox (durable when this returns) and lets the outbox commit and push it.
   * `idempotencyKey` defaults to one unique to this call; pass your own to make a repeated call a no-op.
   */
  write(entry: JournalEntry, options: { idempotencyKey?: string } = {}): OutboxEntry<JournalAppendPayload> {
    const at = this.now();
    const payload: JournalAppendPayload = {
      entry: JournalEntrySchema.parse(entry),
      at,
      timeZone: this.timeZone,
    };
    const idempotencyKey = options.idempotencyKey ?? `journal-${at}-${process.pid}-${++sequence}`;
    return this.outbox.enqueue({ bridge: 'journal', kind: JOURNAL_APPEND, idempotencyKey, payload }).entry;
  }

  private async deliverAppend(raw: unknown, idempotencyKey: string): Promise<unknown> {
    const parsed = JournalAppendPayloadSchema.safeParse(raw);
    if (!parsed.success) {
      throw new DeliveryError(`journal.append payload is invalid: ${parsed.error.message}`, {
        retryable: false,
      });
    }
    const payload = parsed.data;
    const file = journalFile(payload.at, payload.timeZone);
    const { date, time } = localTime(payload.at, payload.timeZone);
    const result = await this.attempt(() =>
      this.repository.append(
        file,
        formatJournalEntry(payload, idempotencyKey),
        entryMarker(idempotencyKey),
        `journal: ${date} ${time}`,
      ),
    );
    if (this.repository.hasRemote) {
      this.outbox.enqueue({
        bridge: 'journal',
        kind: JOURNAL_PUSH,
        idempotencyKey: `push-after-${idempotencyKey}`,
        payload: { after: idempotencyKey } satisfies JournalPushPayload,
      });
    }
    return { file, commit: result.commit ?? null };
  }

  private async deliverPush(): Promise<unknown> {
    return this.attempt(() => this.repository.push());
  }

  private async attempt<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new DeliveryError(error instanceof Error ? error.message : String(error), {
        retryable: !isPermanentGitFailure(error),
        cause: error,
      });
    }
  }
}
