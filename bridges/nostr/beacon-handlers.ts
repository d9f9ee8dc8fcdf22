/**
 * The in-world Nostr beacon's actions, answered by the warden (bridges/warden/bridge-request.ts):
 *
 * - `recent` (`args.count`, default 10, at most 20): the newest kind-1 notes and Timmy heartbeats on the
 *   relays, newest first, one plain-text line each, every event verified before it is shown.
 * - `post` (`args.text`): only when the game says `caller.canWrite`. The note is signed with the
 *   **warden's** key, not the caller's: characters played by humans have no Nostr key, and the warden
 *   should not hold every agent's secret key; the beacon is the world's own voice, so the note reads
 *   `<character>: <text>` and carries `t` = `timmy-beacon`. It goes through the outbox like every write.
 * - `key` (`args.character`): that agent's public key as npub.
 *
 * Failures a player can cause (bad arguments, no permission, relay silent) are answers with `ok: false`.
 */
import * as nip19 from 'nostr-tools/nip19';
import { z } from 'zod';
import type { OutboxApi } from '../outbox/outbox-contract.ts';
import type { BridgeAnswer, BridgeHandlers } from '../warden/bridge-request.ts';
import type { NostrIdentity } from './agent-key.ts';
import type { NostrEventShape } from './event-schema.ts';
import { HEARTBEAT_TOPIC, readHeartbeat } from './heartbeat.ts';
import { acceptIncomingEvent } from './incoming-event.ts';
import { enqueueEvent } from './publish-deliverer.ts';
import type { NostrPool } from './relay-pool.ts';
import { SHORT_TEXT_NOTE_KIND } from './status-note.ts';

export const BEACON_TOPIC = 'timmy-beacon';
const MAX_ANSWER = 2000;
const MAX_LINE = 200;

export interface BeaconOptions {
  pool: NostrPool;
  relays: readonly string[];
  outbox: Pick<OutboxApi, 'enqueue' | 'settled'>;
  /** The agent's public key (hex) for a character name, if it is an agent with a key. */
  keyOf: (character: string) => string | undefined | Promise<string | undefined>;
  /** The warden's own key, which signs `post`. */
  warden: NostrIdentity;
  /** A display name for a public key (agents by name); defaults to a short npub. */
  nameOf?: (publicKey: string) => string | undefined;
  /** How long `post` waits for the relay before answering "queued" (default 5 s). */
  postWaitMs?: number;
  queryWaitMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

const RecentArgs = z.object({ count: z.coerce.number().int().min(1).max(20).default(10) });
const PostArgs = z.object({ text: z.string().trim().min(1).max(1000) });
const KeyArgs = z.object({ character: z.string().trim().min(1).max(80) });

export function nostrBeaconHandlers(options: BeaconOptions): BridgeHandlers {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const nameOf = (publicKey: string) =>
    options.nameOf?.(publicKey) ?? `${nip19.npubEncode(publicKey).slice(0, 16)}…`;

  return {
    async recent(request) {
      const args = RecentArgs.safeParse(request.args);
      if (!args.success) return usage('beacon recent [count from 1 to 20]');
      const wait = { maxWait: options.queryWaitMs ?? 4000 };
      const relays = [...options.relays];
      const [notes, heartbeats] = await Promise.all([
        options.pool.querySync(relays, { kinds: [SHORT_TEXT_NOTE_KIND], limit: args.data.count }, wait),
        options.pool.querySync(
          relays,
          { kinds: [30078], '#t': [HEARTBEAT_TOPIC], limit: args.data.count },
          wait,
        ),
      ]);
      const nowSeconds = Math.floor(now().getTime() / 1000);
      const unique = new Map<string, NostrEventShape>();
      for (const raw of [...notes, ...heartbeats]) {
        const event = acceptIncomingEvent(raw, log, {
          kinds: [SHORT_TEXT_NOTE_KIND, 30078],
          now: nowSeconds,
        });
        if (event) unique.set(event.id, event);
      }
      const newest = [...unique.values()]
        .sort((a, b) => b.created_at - a.created_at)
        .slice(0, args.data.count);
      if (newest.length === 0) return { ok: true, text: 'The beacon is quiet: nothing on the relays yet.' };
      const lines = newest.map(event => describe(event, nameOf));
      return {
        ok: true,
        text: bound(['The beacon shows:', ...lines].join('\n')),
        data: { ids: newest.map(e => e.id) },
      };
    },

    async post(request) {
      if (!request.caller.canWrite)
        return { ok: false, text: 'The beacon does not answer to you: you may not post.' };
      const args = PostArgs.safeParse(request.args);
      if (!args.success) return usage('beacon post <text, up to 1000 characters>');
      const at = now();
      const event = options.warden.sign({
        kind: SHORT_TEXT_NOTE_KIND,
        created_at: Math.floor(at.getTime() / 1000),
        tags: [
          ['t', BEACON_TOPIC],
          ['client', 'timmy'],
        ],
        content: `${oneLine(request.caller.character)}: ${args.data.text}`,
      });
      const { entry } = enqueueEvent(options.outbox, event);
      const note = nip19.noteEncode(event.id);
      try {
        const settled = await options.outbox.settled(entry.id, options.postWaitMs ?? 5000);
        if (settled.status === 'delivered')
          return { ok: true, text: `The beacon flares: posted as ${note}.`, data: { id: event.id } };
        if (settled.status === 'dead')
          return { ok: false, text: 'The beacon sputters: the relays refused the note.' };
      } catch {
        // not settled in time: the outbox keeps trying
      }
      return {
        ok: true,
        text: `The beacon glows: ${note} is queued and goes out when a relay answers.`,
        data: { id: event.id },
      };
    },

    async key(request) {
      const args = KeyArgs.safeParse(request.args);
      if (!args.success) return usage('beacon key <character>');
      const publicKey = await options.keyOf(args.data.character);
      if (!publicKey) return { ok: false, text: `${oneLine(args.data.character)} has no Nostr key.` };
      return {
        ok: true,
        text: `${oneLine(args.data.character)}: ${nip19.npubEncode(publicKey)}`,
        data: { publicKey },
      };
    },
  };
}

function describe(event: NostrEventShape, nameOf: (publicKey: string) => string): string {
  const time = new Date(event.created_at * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const heartbeat = readHeartbeat(event);
  if (heartbeat) {
    const where = heartbeat.room ? ` in ${heartbeat.room}` : '';
    const task = heartbeat.task ? ` (${heartbeat.task})` : '';
    return clip(`[${time}] heartbeat ${heartbeat.agent}: ${heartbeat.status}${where}${task}`);
  }
  if (event.kind === 30078) return clip(`[${time}] ${nameOf(event.pubkey)}: app data`);
  return clip(`[${time}] ${nameOf(event.pubkey)}: ${oneLine(event.content)}`);
}

function usage(text: string): BridgeAnswer {
  return { ok: false, text: `Usage: ${text}` };
}

function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f|]+/g, ' ').trim();
}

function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

function bound(text: string): string {
  return text.length > MAX_ANSWER ? `${text.slice(0, MAX_ANSWER - 1)}…` : text;
}
