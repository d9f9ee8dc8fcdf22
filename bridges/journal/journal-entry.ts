/**
 * One journal entry in the shape of the seed document (`thoughts/YYYY-MM-DD.md`):
 *
 *   # 2026-11-24 09:05:03 +01:00
 *   ## Status: {what state Timmy is in}
 *   ## Action: {what it just did}
 *   ## Next: {what it intends to do next}
 *
 * followed by an HTML comment carrying the entry's idempotency key, invisible when rendered, by which a
 * retried append recognises an entry an earlier attempt already wrote.
 */
import { z } from 'zod';
import { localTime } from './local-time.ts';

const line = z
  .string()
  .trim()
  .min(1)
  .max(2_000)
  .transform(text => text.replace(/\s+/g, ' '));

export const JournalEntrySchema = z.strictObject({ status: line, action: line, next: line });
export type JournalEntry = z.output<typeof JournalEntrySchema>;

/** What the outbox stores for a `journal.append`: the entry and the instant it was written. */
export const JournalAppendPayloadSchema = z.strictObject({
  entry: JournalEntrySchema,
  /** ms since the epoch */
  at: z.number().int(),
  timeZone: z.string().min(1),
});
export type JournalAppendPayload = z.output<typeof JournalAppendPayloadSchema>;

/** `thoughts/2026-11-24.md`, relative to the journal repository. */
export function journalFile(at: number, timeZone: string): string {
  return `thoughts/${localTime(at, timeZone).date}.md`;
}

export function entryMarker(idempotencyKey: string): string {
  return `<!-- timmy-journal ${idempotencyKey.replace(/--/g, '-\u2010')} -->`;
}

/** The markdown block of one entry (ending with a blank line, so entries append cleanly). */
export function formatJournalEntry(payload: JournalAppendPayload, idempotencyKey: string): string {
  const { date, time, offset } = localTime(payload.at, payload.timeZone);
  const { status, action, next } = payload.entry;
  return [
    `# ${date} ${time} ${offset}`,
    `## Status: ${status}`,
    `## Action: ${action}`,
    `## Next: ${next}`,
    entryMarker(idempotencyKey),
    '',
    '',
  ].join('\n');
}
