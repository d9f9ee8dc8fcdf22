/**
 * An agent's Nostr inbox for direct tasks: one subscription for NIP-17 gift wraps p-tagged to the agent
 * (`since` two days and a margin back, because wraps are backdated by up to two days) and one for legacy
 * NIP-04 kind-4 messages. Every event is unwrapped and checked (nip17-task.ts, nip04-task.ts); tasks
 * from keys not authorised for this agent, forged or tampered ones are dropped with a log line. Accepted
 * tasks are deduplicated by rumor id in a persistent store and handed to `onTask` at most once: the id
 * is recorded before the callback runs, so a crash during a task does not run it again after restart.
 */
import type { Filter } from 'nostr-tools/filter';
import type { NostrIdentity } from './agent-key.ts';
import { parsePublicKey } from './agent-key.ts';
import type { DirectTask, UnwrapResult } from './direct-task.ts';
import { ENCRYPTED_DIRECT_MESSAGE_KIND, readNip04Task } from './nip04-task.ts';
import { GIFT_WRAP_BACKDATE_SECONDS, GIFT_WRAP_KIND, unwrapTask } from './nip17-task.ts';
import type { NostrPool } from './relay-pool.ts';
import type { SeenStore } from './seen-store.ts';

/** Extra look-back beyond the two-day backdating, for clock skew between sender and relay. */
export const INBOX_MARGIN_SECONDS = 3600;

export interface TaskInboxOptions {
  pool: NostrPool;
  relays: readonly string[];
  identity: NostrIdentity;
  /** Keys allowed to task this agent: its parent's and the operators' (hex or npub). */
  authorised: readonly string[];
  seen: SeenStore;
  onTask: (task: DirectTask) => void | Promise<void>;
  log: (line: string) => void;
  /** Unix seconds; injectable for tests. */
  now?: () => number;
  /** Oldest rumor accepted, in seconds (default: the look-back window). */
  maxAgeSeconds?: number;
}

export interface TaskInbox {
  /** Feeds one event as if a relay had sent it (the subscriptions call this). */
  receive(event: unknown): Promise<UnwrapResult | undefined>;
  close(): void;
}

export function openTaskInbox(options: TaskInboxOptions): TaskInbox {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const authorised = new Set<string>();
  for (const key of options.authorised) {
    const hex = parsePublicKey(key);
    if (!hex) throw new RangeError('an authorised key is neither an npub nor a hex public key');
    authorised.add(hex);
  }
  const lookBack = GIFT_WRAP_BACKDATE_SECONDS + INBOX_MARGIN_SECONDS;
  const maxAgeSeconds = options.maxAgeSeconds ?? lookBack;
  const wrapsSeen = new Set<string>();
  const short = (id: unknown) => (typeof id === 'string' ? id.slice(0, 12) : '?');

  async function receive(event: unknown): Promise<UnwrapResult | undefined> {
    const outer =
      typeof event === 'object' && event !== null ? (event as { id?: unknown; kind?: unknown }) : {};
    if (typeof outer.id === 'string') {
      if (wrapsSeen.has(outer.id)) return undefined;
      wrapsSeen.add(outer.id);
      if (wrapsSeen.size > 50_000) wrapsSeen.clear();
    }
    const unwrapOptions = { authorised, now: now(), maxAgeSeconds };
    const result =
      outer.kind === ENCRYPTED_DIRECT_MESSAGE_KIND
        ? readNip04Task(event, options.identity, unwrapOptions)
        : unwrapTask(event, options.identity, unwrapOptions);
    if (!result.ok) {
      options.log(
        `nostr: dropped direct message ${short(outer.id)} for ${options.identity.npub}: ${result.reason} (${result.detail})`,
      );
      return result;
    }
    if (options.seen.has(result.task.id)) return undefined;
    options.seen.add(result.task.id);
    try {
      await options.onTask(result.task);
    } catch (error) {
      options.log(
        `nostr: the task handler failed for ${short(result.task.id)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return result;
  }

  const me = options.identity.publicKey;
  const handle = (event: unknown) => void receive(event);
  const closers = options.relays.flatMap(relay => [
    keepSubscribed(options, relay, 'nip17', handle, () => ({
      kinds: [GIFT_WRAP_KIND],
      '#p': [me],
      since: now() - lookBack,
    })),
    keepSubscribed(options, relay, 'nip04', handle, () => ({
      kinds: [ENCRYPTED_DIRECT_MESSAGE_KIND],
      '#p': [me],
      since: Math.max(0, now() - maxAgeSeconds),
    })),
  ]);
  return {
    receive,
    close() {
      for (const close of closers) close();
    },
  };
}

/**
 * One subscription on one relay, opened again with a freshly computed filter whenever it closes (the
 * relay went away, or refused it), after a growing pause of up to 30 s. nostr-tools' own reconnection
 * is not used for the inbox: on reconnect it moves `since` to just after the newest `created_at` it
 * has seen, and gift-wrap times are random up to two days back, so it would skip new tasks.
 */
function keepSubscribed(
  options: TaskInboxOptions,
  relay: string,
  label: string,
  onevent: (event: unknown) => void,
  filter: () => Filter,
): () => void {
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closer: { close: (reason?: string) => void } | undefined;
  const open = () => {
    timer = undefined;
    closer = options.pool.subscribe([relay], filter(), {
      label: `timmy-task-inbox-${label}`,
      onevent,
      oneose: () => {
        failures = 0;
      },
      onclose: reasons => {
        if (stopped) return;
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
        const reason = reasons.map(entry => entry.reason).join('; ');
        options.log(
          `nostr: the ${label} inbox on ${relay} closed (${reason}); subscribing again in ${delay} ms`,
        );
        timer = setTimeout(open, delay);
      },
    });
  };
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    closer?.close();
  };
}
