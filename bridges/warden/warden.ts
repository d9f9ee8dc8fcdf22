/**
 * The bridge warden: the daemon that answers the game's `board` and `beacon` commands.
 *
 * `startWarden()` logs in to evennia-game over the websocket as the warden account (provisioning it first
 * through the superuser when its credentials file is missing or no longer valid), says `warden_hello` for
 * the bridges it has handlers for, then answers every `bridge_request` with `bridge_reply` (validated,
 * routed with a time limit, text bounded: answer-request.ts). The mud-client session reconnects and logs in
 * again by itself after a drop; the warden then says hello again. An Evennia reload keeps the connection and
 * the game keeps the warden online. `announce()` shows webhooks and notes in game; with an outbox the warden
 * reports its statistics and dead letters (`board status`) after each hello and periodically.
 */
import { MudClientError } from '../../mud-client/errors.ts';
import { mudSession } from '../../mud-client/session/mud-connection.ts';
import type { MudSession, SessionEvent } from '../../mud-client/session/mud-session.ts';
import { openWorldSession } from '../../world-seed/world-session.ts';
import { BridgeError } from '../errors.ts';
import type { OutboxApi } from '../outbox/outbox-contract.ts';
import { answerBridgeRequest, boundText, type WardenHandlers } from './answer-request.ts';
import {
  type ProvisionWarden,
  provisionThrough,
  provisionWardenCredentials,
  readWardenCredentials,
  type WardenCredentials,
  wardenCredentialsFile,
} from './warden-credentials.ts';
import {
  BRIDGE_EVENT,
  BRIDGE_REPLY,
  BRIDGE_REQUEST,
  type BridgeAnnouncement,
  BridgeAnnouncementSchema,
  BridgeEventAckSchema,
  WARDEN_HELLO,
  type WardenBridge,
  WardenHelloReplySchema,
} from './warden-messages.ts';

export interface WardenLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface WardenOptions {
  host: string;
  /** The game's ports; the warden uses the websocket. */
  ports: { websocket: number };
  credentials: {
    /** The game's superuser: used only to provision the warden account. */
    superuser: WardenCredentials;
    /** Where the warden's own credentials live (0600). Default `.timmy/secrets/warden.json`. */
    file?: string;
  };
  handlers: WardenHandlers;
  /** When given, its statistics and dead letters are reported to the game (`board status`). */
  outbox?: Pick<OutboxApi, 'stats' | 'deadLetters'>;
  logger: WardenLogger;
  /** A handler still running after this long is answered with a timeout. Default 20 000 ms (the game waits 25 s). */
  handlerTimeoutMs?: number;
  /** Answers are cut beyond this many characters. Default 3000. */
  maxTextChars?: number;
  /** Requests handled at once; more are answered "busy". Default 16. */
  maxInFlight?: number;
  /** Outbox statistics are reported this often. Default 60 000 ms. */
  outboxReportMs?: number;
  /** Injection points for tests: the warden's session and the provisioning path. */
  session?: MudSession;
  provision?: ProvisionWarden;
}

export type AnnounceResult = { ok: true; shown: number } | { ok: false; reason: string };

export interface Warden {
  readonly username: string;
  readonly bridges: readonly WardenBridge[];
  /** Logged in and greeted by the game (false while reconnecting). */
  readonly online: boolean;
  /** Shows something in game (a verified webhook, a note): in the rooms of the bridge's objects by default. */
  announce(announcement: BridgeAnnouncement): Promise<AnnounceResult>;
  /** Sends the outbox statistics now (no-op without an outbox). */
  reportOutbox(): Promise<void>;
  /** Logs out cleanly; handlers still running are aborted. */
  stop(): Promise<void>;
}

const DEAD_LETTERS_SHOWN = 5;

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Provisions through a short-lived superuser session on the game's websocket. */
function superuserProvision(options: WardenOptions): ProvisionWarden {
  return async password => {
    const admin = await openWorldSession(
      { host: options.host, port: options.ports.websocket },
      options.credentials.superuser,
    );
    try {
      return await provisionThrough(admin)(password);
    } finally {
      await admin.close();
    }
  };
}

function isLoginRefused(error: unknown): boolean {
  return error instanceof MudClientError && error.code === 'MUD_ERR_LOGIN_FAILED';
}

export async function startWarden(options: WardenOptions): Promise<Warden> {
  const logger = options.logger;
  const bridges = (Object.keys(options.handlers) as WardenBridge[]).filter(
    bridge => options.handlers[bridge] !== undefined,
  );
  if (bridges.length === 0) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', 'warden', 'the warden was given no bridge handlers', {
      fix: 'configure the gitea or nostr bridge (timmy.bridges.yaml)',
    });
  }
  const file = options.credentials.file ?? wardenCredentialsFile();
  const provision = options.provision ?? superuserProvision(options);
  const session =
    options.session ??
    mudSession({ transport: 'websocket', host: options.host, port: options.ports.websocket });
  const stopping = new AbortController();
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 20_000;
  const maxTextChars = options.maxTextChars ?? 3000;
  const maxInFlight = options.maxInFlight ?? 16;
  let inFlight = 0;
  let greeted = false;
  let started = false;
  let reportTimer: NodeJS.Timeout | undefined;

  const reply = async (id: string, ok: boolean, text: string) => {
    try {
      await session.request(BRIDGE_REPLY, { id, ok, text }, { timeoutMs: 15_000 });
    } catch (error) {
      logger.warn(`warden: the reply to ${id} was not taken: ${reasonOf(error)}`);
    }
  };

  const handleRequest = async (kwargs: Record<string, unknown>) => {
    const receivedAt = performance.now();
    if (inFlight >= maxInFlight) {
      const id = typeof kwargs.id === 'string' ? kwargs.id : undefined;
      if (id) await reply(id, false, 'The warden is busy; try again in a moment.');
      return;
    }
    inFlight++;
    try {
      const answer = await answerBridgeRequest(kwargs, {
        handlers: options.handlers,
        timeoutMs: handlerTimeoutMs,
        maxTextChars,
        signal: stopping.signal,
      });
      const what = `${String(kwargs.bridge)} ${String(kwargs.action)}`;
      const ms = Math.round(performance.now() - receivedAt);
      if (!answer.id) {
        logger.warn(`warden: dropped a bridge_request without a readable id (${what}): ${answer.text}`);
        return;
      }
      logger.info(`warden: ${answer.id} ${what} ${answer.ok ? 'answered' : 'failed'} in ${ms} ms`);
      await reply(answer.id, answer.ok, answer.text);
    } finally {
      inFlight--;
    }
  };

  const reportOutbox = async () => {
    const outbox = options.outbox;
    if (!outbox || !greeted) return;
    const stats = outbox.stats();
    const dead = outbox.deadLetters(100);
    for (const bridge of bridges) {
      const deadLetters = dead
        .filter(entry => entry.bridge === bridge)
        .slice(0, DEAD_LETTERS_SHOWN)
        .map(entry => ({ id: entry.id, kind: entry.kind, error: boundText(entry.lastError ?? '', 200) }));
      try {
        await session.request(BRIDGE_EVENT, { bridge, kind: 'outbox', stats, deadLetters });
      } catch (error) {
        logger.warn(`warden: outbox report for ${bridge} not taken: ${reasonOf(error)}`);
      }
    }
  };

  const hello = async () => {
    const answer = await session.request(WARDEN_HELLO, { bridges });
    const parsed = WardenHelloReplySchema.safeParse(answer.kwargs);
    if (!parsed.success) {
      throw new BridgeError('BRIDGE_ERR_INVALID_RESPONSE', 'warden', 'the game answered warden_hello oddly');
    }
    greeted = true;
    logger.info(`warden: online as ${parsed.data.account} for ${parsed.data.bridges.join(', ')}`);
    await reportOutbox();
  };

  const onEvent = (event: SessionEvent) => {
    if (event.kind === 'oob' && event.name === BRIDGE_REQUEST) {
      void handleRequest(event.kwargs).catch(error =>
        logger.warn(`warden: a bridge_request failed: ${reasonOf(error)}`),
      );
      return;
    }
    if (event.kind !== 'state') return;
    if (event.state !== 'logged-in') greeted = false;
    if (event.state === 'logged-in' && started && !stopping.signal.aborted) {
      void hello().catch(error => logger.warn(`warden: hello after reconnecting failed: ${reasonOf(error)}`));
    }
  };
  const unsubscribe = session.onEvent(onEvent);

  let username = '';
  try {
    await session.connect();
    let credentials = readWardenCredentials(file);
    if (credentials) {
      try {
        await session.login(credentials.username, credentials.password);
      } catch (error) {
        if (!isLoginRefused(error)) throw error;
        logger.warn(`warden: the stored credentials were refused; provisioning the account again`);
        credentials = undefined;
      }
    }
    if (!credentials) {
      const provisioned = await provisionWardenCredentials(file, provision);
      logger.info(`warden: account ${provisioned.username} ${provisioned.created ? 'created' : 'reset'}`);
      credentials = provisioned;
      await session.login(credentials.username, credentials.password);
    }
    username = credentials.username;
    await hello();
    started = true;
  } catch (error) {
    unsubscribe();
    await session.close();
    if (error instanceof BridgeError) throw error;
    throw new BridgeError(
      'BRIDGE_ERR_UNREACHABLE',
      'warden',
      `the warden could not go online at ws://${options.host}:${options.ports.websocket}: ${reasonOf(error)}`,
      { cause: error, fix: 'is the game running (npm start), and are the superuser credentials right?' },
    );
  }

  if (options.outbox) {
    reportTimer = setInterval(() => void reportOutbox(), options.outboxReportMs ?? 60_000);
    reportTimer.unref();
  }

  return {
    username,
    bridges,
    get online() {
      return greeted && session.state === 'logged-in';
    },
    reportOutbox,
    async announce(announcement) {
      const parsed = BridgeAnnouncementSchema.safeParse(announcement);
      if (!parsed.success) {
        return { ok: false, reason: parsed.error.issues.map(issue => issue.message).join('; ') };
      }
      if (!bridges.includes(parsed.data.bridge)) {
        return { ok: false, reason: `the warden does not serve the ${parsed.data.bridge} bridge` };
      }
      try {
        const { text, ...rest } = parsed.data;
        const ack = await session.request(BRIDGE_EVENT, { ...rest, text: boundText(text, maxTextChars) });
        const shown = BridgeEventAckSchema.safeParse(ack.kwargs);
        if (!shown.success) return { ok: false, reason: 'the game answered bridge_event oddly' };
        return { ok: true, shown: shown.data.shown };
      } catch (error) {
        return { ok: false, reason: reasonOf(error) };
      }
    },
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort(new Error('the warden stopped'));
      clearInterval(reportTimer);
      unsubscribe();
      greeted = false;
      await session.close();
    },
  };
}
