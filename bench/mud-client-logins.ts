/**
 * N mud-client sessions from this one Node process connect and log in at once: how long until all are
 * logged in, and what that costs this process (CPU, RSS) and Evennia (Portal + Server CPU), per connection.
 */
import path from 'node:path';
import type { MudSession } from '../mud-client/session/mud-session.ts';
import type { BenchAccount } from './account-creation.ts';
import type { EvenniaServer } from './evennia-server.ts';
import { collectGarbage } from './garbage-collection.ts';
import { listenDrops } from './listen-overflows.ts';
import { connectionScreen, mudSession, type TransportKind } from './mud-sessions.ts';
import { totalCpuSeconds } from './process-usage.ts';
import { ServerLogLogins } from './server-log-logins.ts';
import { percentile } from './statistics.ts';

const LOGIN_TIMEOUT_MS = 120_000;

export interface LoginWave {
  clients: number;
  /** `login()` resolved. */
  loggedIn: number;
  /** "Logged in" lines in server.log. */
  serverLoggedIn: number;
  failureCount: number;
  /** The first few failures. */
  failures: string[];
  /** From the first connect to the last `login()` resolving. */
  allLoggedInSeconds: number;
  /** From the first connect until server.log held all N "Logged in" lines. */
  serverSawAllSeconds: number | undefined;
  /** `connect()` resolving (TCP open, and on telnet the first bytes or 1 s). */
  connectMs: { p50: number; p99: number; max: number };
  /** From `connect()` until the connection screen (`timmy_hello`). */
  screenMs: { p50: number; p99: number; max: number };
  /** From the connection screen until `login()` resolved. */
  loginMs: { p50: number; p99: number; max: number };
  clientCpuMsPerConnection: number;
  clientRssKiBPerConnection: number;
  /** RSS again after a full GC, with all sessions still open. */
  clientRssAfterGcKiBPerConnection: number;
  clientHeapKiBPerConnection: number;
  evenniaCpuMsPerConnection: number;
  /** Kernel accept-queue overflows during the wave (each one delays a connect by a 1 s SYN retry). */
  listenOverflows: number;
  closeSeconds: number;
}

function spread(samples: number[]) {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100) };
}

export async function mudClientLoginWave(
  server: EvenniaServer,
  kind: TransportKind,
  accounts: readonly BenchAccount[],
): Promise<LoginWave> {
  const status = server.supervisor.status();
  const evenniaPids = [status.portal, status.server].filter((pid): pid is number => pid !== undefined);
  const prefix = accounts[0]?.username.replace(/\d+$/, '') ?? '';
  const logins = await ServerLogLogins.start(path.join(server.supervisor.logDir, 'server.log'), prefix);
  collectGarbage();
  const memoryBefore = process.memoryUsage();
  const evenniaCpuBefore = totalCpuSeconds(evenniaPids);
  const dropsBefore = listenDrops();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();

  const sessions: MudSession[] = [];
  const connectMs: number[] = [];
  const screenMs: number[] = [];
  const loginMs: number[] = [];
  const outcomes = await Promise.allSettled(
    accounts.map(async account => {
      const session = mudSession(server, kind, { loginTimeoutMs: LOGIN_TIMEOUT_MS });
      sessions.push(session);
      const begin = performance.now();
      const screen = connectionScreen(session);
      await session.connect();
      const connected = performance.now();
      await screen;
      const screenShown = performance.now();
      await session.login(account.username, account.password);
      connectMs.push(connected - begin);
      screenMs.push(screenShown - connected);
      loginMs.push(performance.now() - screenShown);
    }),
  );
  const finished = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const evenniaCpu = totalCpuSeconds(evenniaPids) - evenniaCpuBefore;
  const rssAtEnd = process.memoryUsage().rss;
  const listenOverflows = listenDrops().overflows - dropsBefore.overflows;
  collectGarbage();
  const memoryAfter = process.memoryUsage();
  await logins.stop();

  const closeStarted = performance.now();
  await Promise.allSettled(sessions.map(session => session.close()));
  const closeSeconds = (performance.now() - closeStarted) / 1000;

  const failures = outcomes
    .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    .map(outcome => String(outcome.reason));
  const n = accounts.length;
  const serverSawAll = logins.timeOf(n);
  return {
    clients: n,
    loggedIn: n - failures.length,
    serverLoggedIn: logins.count,
    failureCount: failures.length,
    failures: failures.slice(0, 10),
    allLoggedInSeconds: (finished - started) / 1000,
    serverSawAllSeconds: serverSawAll === undefined ? undefined : (serverSawAll - started) / 1000,
    connectMs: spread(connectMs),
    screenMs: spread(screenMs),
    loginMs: spread(loginMs),
    clientCpuMsPerConnection: (cpu.user + cpu.system) / 1000 / n,
    clientRssKiBPerConnection: (rssAtEnd - memoryBefore.rss) / 1024 / n,
    clientRssAfterGcKiBPerConnection: (memoryAfter.rss - memoryBefore.rss) / 1024 / n,
    clientHeapKiBPerConnection: (memoryAfter.heapUsed - memoryBefore.heapUsed) / 1024 / n,
    evenniaCpuMsPerConnection: (evenniaCpu * 1000) / n,
    listenOverflows,
    closeSeconds,
  };
}
