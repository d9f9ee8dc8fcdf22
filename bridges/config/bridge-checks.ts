/**
 * `timmy doctor` checks for each configured bridge: Gitea reachable (`/api/v1/version`) and its token
 * accepted (`/api/v1/user`), each Nostr relay accepting a websocket, the journal remote answering
 * `git ls-remote` with the token, and the outbox's dead letters. All I/O is injected so that unit tests
 * need no network. No check ever prints a secret.
 */
import { existsSync } from 'node:fs';
import WebSocket from 'ws';
import { z } from 'zod';
import type { Check, CheckResult } from '../../supervisor/doctor.ts';
import { BridgeError } from '../errors.ts';
import { JournalRepository } from '../journal/journal-repository.ts';
import type { OutboxEntry, OutboxStats } from '../outbox/outbox-contract.ts';
import { OutboxStore } from '../outbox/outbox-store.ts';
import type { BridgesConfig, GiteaConfig, JournalConfig } from './load-bridges-config.ts';

export interface BridgeCheckIo {
  fetch: typeof fetch;
  /** Resolves once a websocket to `url` is open (then closes it). */
  connectWebSocket(url: string, timeoutMs: number): Promise<void>;
  /** `git ls-remote` of the journal remote with its token; resolves with the refs. */
  lsRemote(journal: JournalConfig, timeoutMs: number): Promise<string[]>;
  /** The outbox's counts and newest dead letters, or undefined when its file does not exist yet. */
  readOutbox(file: string): { stats: OutboxStats; deadLetters: OutboxEntry[] } | undefined;
  timeoutMs: number;
}

const GiteaVersion = z.object({ version: z.string() });
const GiteaUser = z.object({ login: z.string() });

export const defaultBridgeCheckIo: BridgeCheckIo = {
  fetch: (...args) => fetch(...args),
  connectWebSocket(url, timeoutMs) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
      socket.once('open', () => {
        socket.close();
        resolve();
      });
      socket.once('error', reject);
    });
  },
  lsRemote(journal, timeoutMs) {
    const token = journal.token;
    return new JournalRepository({
      directory: journal.directory,
      branch: journal.branch,
      author: journal.author,
      ...(journal.remote ? { remote: journal.remote } : {}),
      ...(token ? { token: () => token.read() } : {}),
      timeoutMs,
    }).lsRemote();
  },
  readOutbox(file) {
    if (!existsSync(file)) return undefined;
    const store = new OutboxStore(file);
    try {
      return { stats: store.stats(), deadLetters: store.deadLetters(3) };
    } finally {
      store.close();
    }
  },
  timeoutMs: 10_000,
};

function failureText(error: unknown): string {
  if (error instanceof BridgeError) return error.message;
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown } | undefined;
    return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}

function giteaChecks(gitea: GiteaConfig, io: BridgeCheckIo): Check[] {
  const api = `${gitea.url}/api/v1`;
  const reachable: Check = async () => {
    const name = 'Gitea';
    try {
      const response = await io.fetch(`${api}/version`, { signal: AbortSignal.timeout(io.timeoutMs) });
      if (!response.ok) {
        return {
          name,
          status: 'missing',
          detail: `${gitea.url} answered ${response.status} to /api/v1/version`,
          fix: 'check gitea.url in timmy.bridges.yaml',
        };
      }
      const body = GiteaVersion.safeParse(await response.json().catch(() => undefined));
      if (!body.success) {
        return {
          name,
          status: 'missing',
          detail: `${gitea.url} does not look like Gitea (no version in /api/v1/version)`,
          fix: 'check gitea.url in timmy.bridges.yaml',
        };
      }
      return { name, status: 'ok', detail: `Gitea ${body.data.version} at ${gitea.url}` };
    } catch (error) {
      return {
        name,
        status: 'missing',
        detail: `${gitea.url} unreachable: ${failureText(error)}`,
        fix: `start Gitea or fix gitea.url (${gitea.url})`,
      };
    }
  };
  const token: Check = async () => {
    const name = 'Gitea token';
    if (!gitea.token) {
      return {
        name,
        status: 'missing',
        detail: 'no token configured',
        fix: 'export TIMMY_GITEA_TOKEN or set gitea.tokenFile (chmod 600)',
      };
    }
    try {
      const secret = gitea.token.read();
      const headers = { Authorization: `token ${secret}` };
      const signal = () => AbortSignal.timeout(io.timeoutMs);
      const user = await io.fetch(`${api}/user`, { headers, signal: signal() });
      if (user.status === 401 || user.status === 403) {
        return {
          name,
          status: 'missing',
          detail: `Gitea refused the token from ${gitea.token.description} (${user.status})`,
          fix: 'create a new token in Gitea (Settings > Applications) with the repository and issue scopes',
        };
      }
      const login = GiteaUser.safeParse(user.ok ? await user.json().catch(() => undefined) : undefined);
      if (!login.success) {
        return {
          name,
          status: 'missing',
          detail: `/api/v1/user answered ${user.status} without a user`,
          fix: 'check gitea.url in timmy.bridges.yaml',
        };
      }
      const repository = await io.fetch(`${api}/repos/${gitea.owner}/${gitea.name}`, {
        headers,
        signal: signal(),
      });
      if (repository.status === 404) {
        return {
          name,
          status: 'warning',
          detail: `token of ${login.data.login} accepted, but ${gitea.owner}/${gitea.name} is not visible to it`,
          fix: `create ${gitea.owner}/${gitea.name} or fix gitea.repository`,
        };
      }
      return {
        name,
        status: 'ok',
        detail: `accepted for ${login.data.login} (${gitea.token.description}), repository ${gitea.owner}/${gitea.name}`,
      };
    } catch (error) {
      return {
        name,
        status: 'missing',
        detail: failureText(error),
        fix:
          error instanceof BridgeError
            ? (error.fix ?? 'check gitea.tokenFile')
            : 'check that Gitea is reachable',
      };
    }
  };
  return [reachable, token];
}

function relayCheck(url: string, io: BridgeCheckIo): Check {
  return async () => {
    const name = `Nostr relay ${url}`;
    try {
      await io.connectWebSocket(url, io.timeoutMs);
      return { name, status: 'ok', detail: 'accepts websocket connections' };
    } catch (error) {
      return {
        name,
        status: 'missing',
        detail: `unreachable: ${failureText(error)}`,
        fix: `start the relay or remove it from nostr.relays`,
      };
    }
  };
}

function journalCheck(journal: JournalConfig, io: BridgeCheckIo): Check {
  return async () => {
    const name = 'Journal remote';
    if (!journal.remote) {
      return {
        name,
        status: 'warning',
        detail: `no remote: entries are committed in ${journal.directory} only`,
        fix: 'set journal.remote to push them',
      };
    }
    try {
      const refs = await io.lsRemote(journal, io.timeoutMs);
      const branch = refs.includes(`refs/heads/${journal.branch}`)
        ? `branch ${journal.branch} exists`
        : `branch ${journal.branch} will be created by the first push`;
      return { name, status: 'ok', detail: `${journal.remote} answers git ls-remote; ${branch}` };
    } catch (error) {
      const fix =
        error instanceof BridgeError && error.fix
          ? error.fix
          : `check journal.remote (${journal.remote}) and journal.tokenFile`;
      return { name, status: 'missing', detail: failureText(error), fix };
    }
  };
}

function outboxCheck(file: string, io: BridgeCheckIo): Check {
  return async () => {
    const name = 'Bridge outbox';
    let read: ReturnType<BridgeCheckIo['readOutbox']>;
    try {
      read = io.readOutbox(file);
    } catch (error) {
      return {
        name,
        status: 'missing',
        detail: failureText(error),
        fix: `check that ${file} is a readable SQLite file`,
      };
    }
    if (!read) return { name, status: 'ok', detail: `${file} (not created yet)` };
    const { stats, deadLetters } = read;
    const counts = `${stats.pending} pending, ${stats.delivering} delivering, ${stats.delivered} delivered, ${stats.dead} dead`;
    if (stats.dead === 0) return { name, status: 'ok', detail: counts };
    const newest = deadLetters[0];
    const example = newest
      ? `; newest: #${newest.id} ${newest.bridge} ${newest.kind}: ${newest.lastError ?? 'no error recorded'}`
      : '';
    return {
      name,
      status: 'warning',
      detail: `${counts}${example}`,
      fix: 'fix the cause shown, then retry the dead letters (Outbox.retry(id))',
    };
  };
}

/** The doctor checks of every configured bridge (none when no bridge is configured). */
export function bridgeChecks(config: BridgesConfig, io: Partial<BridgeCheckIo> = {}): Check[] {
  const resolved: BridgeCheckIo = { ...defaultBridgeCheckIo, ...io };
  const checks: Check[] = [];
  if (config.gitea) checks.push(...giteaChecks(config.gitea, resolved));
  for (const relay of config.nostr?.relays ?? []) checks.push(relayCheck(relay, resolved));
  if (config.journal) checks.push(journalCheck(config.journal, resolved));
  if (config.gitea || config.nostr || config.journal) checks.push(outboxCheck(config.outbox.file, resolved));
  return checks;
}

export type { CheckResult };
