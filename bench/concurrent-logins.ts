/**
 * Benchmark 2: N concurrent logged-in clients from one Node process (mud-client, telnet and then
 * websocket) against Evennia's own `evennia --dummyrunner N`, on one Evennia instance started with the
 * dummyrunner's settings mixin. Accounts for mud-client are made beforehand through the login screen
 * (bench/account-creation.ts), outside the measurement; the dummyrunner creates its own as part of its login.
 */

import { createAccounts } from './account-creation.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { DUMMYRUNNER_SETTINGS_APPENDIX, type DummyrunnerRun, runDummyrunner } from './dummyrunner.ts';
import { startEvenniaServer } from './evennia-server.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { type LoginWave, mudClientLoginWave } from './mud-client-logins.ts';
import { TRANSPORT_KINDS, type TransportKind } from './mud-sessions.ts';
import { ratio } from './statistics.ts';

const SETTLE_MS = 3000;
const DUMMYRUNNER_TIME_LIMIT_MS = 100_000;

interface Row {
  metric: string;
  digits: number;
  mudClient: (wave: LoginWave) => number | undefined;
  dummyrunner: (run: DummyrunnerRun) => number | undefined;
}

const ROWS: Row[] = [
  {
    metric: 'logged in (server.log)',
    digits: 0,
    mudClient: wave => wave.serverLoggedIn,
    dummyrunner: run => run.serverLoggedIn,
  },
  {
    metric: 'time until server.log shows all logged in (s)',
    digits: 2,
    mudClient: wave => wave.serverSawAllSeconds,
    dummyrunner: run => run.serverSawAllSeconds,
  },
  {
    metric: 'time until the client counts all logged in (s) ¹',
    digits: 2,
    mudClient: wave => wave.allLoggedInSeconds,
    dummyrunner: run => run.ownAllLoggedInSeconds,
  },
  {
    metric: 'accept-queue overflows (kernel ListenOverflows)',
    digits: 0,
    mudClient: wave => wave.listenOverflows,
    dummyrunner: run => run.listenOverflows,
  },
  {
    metric: 'client CPU per connection (ms) ²',
    digits: 2,
    mudClient: wave => wave.clientCpuMsPerConnection,
    dummyrunner: run => run.cpuMsPerConnection,
  },
  {
    metric: 'client RSS per connection (KiB) ²',
    digits: 1,
    mudClient: wave => wave.clientRssKiBPerConnection,
    dummyrunner: run => run.rssKiBPerConnection,
  },
  {
    metric: 'client RSS per connection, after GC (KiB)',
    digits: 1,
    mudClient: wave => wave.clientRssAfterGcKiBPerConnection,
    dummyrunner: () => undefined,
  },
  {
    metric: 'client JS heap per connection, after GC (KiB)',
    digits: 1,
    mudClient: wave => wave.clientHeapKiBPerConnection,
    dummyrunner: () => undefined,
  },
  {
    metric: 'Evennia Portal+Server CPU per connection (ms) ²',
    digits: 2,
    mudClient: wave => wave.evenniaCpuMsPerConnection,
    dummyrunner: run => run.evenniaCpuMsPerConnection,
  },
];

async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const n = options.clients;
  options.log(`starting Evennia with the dummyrunner settings mixin`);
  const server = await startEvenniaServer({ settingsAppendix: DUMMYRUNNER_SETTINGS_APPENDIX });
  const waves = new Map<TransportKind, LoginWave>();
  let dummyrunner: DummyrunnerRun;
  let accountSeconds: number;
  try {
    options.log(`creating ${n} accounts through the login screen`);
    const accountsStarted = performance.now();
    const accounts = await createAccounts(server, 'loginwave', n);
    accountSeconds = (performance.now() - accountsStarted) / 1000;
    for (const kind of TRANSPORT_KINDS) {
      options.log(`${n} mud-client ${kind} sessions connect and log in`);
      const wave = await mudClientLoginWave(server, kind, accounts);
      waves.set(kind, wave);
      if (wave.failureCount > 0) {
        options.log(`${kind}: ${wave.failureCount} failed, the first: ${wave.failures[0]}`);
      }
      await new Promise(resolve => setTimeout(resolve, SETTLE_MS));
    }
    options.log(`evennia --dummyrunner ${n}`);
    dummyrunner = await runDummyrunner(server, n, {
      timeLimitMs: DUMMYRUNNER_TIME_LIMIT_MS,
      log: options.log,
    });
  } finally {
    await server.stop();
  }

  const columns = TRANSPORT_KINDS.map(kind => ({ kind, wave: waves.get(kind) }));
  const table = markdownTable(
    [
      `N = ${n}`,
      ...columns.map(({ kind }) => `mud-client ${kind}`),
      'dummyrunner (telnet)',
      ...columns.map(({ kind }) => `ratio ${kind}/dummyrunner`),
    ],
    ROWS.map(row => {
      const baseline = row.dummyrunner(dummyrunner);
      const values = columns.map(({ wave }) => (wave ? row.mudClient(wave) : undefined));
      return [
        row.metric,
        ...values.map(value => cell(value, row.digits)),
        cell(baseline, row.digits),
        ...values.map(value => ratioCell(ratio(value, baseline))),
      ];
    }),
  );
  const notes = [
    `¹ mud-client: every login() resolved (the server's logged_in message arrived). dummyrunner: its own ".. All clients connected and logged in!", printed once every client got any reply to its first login command (\`create\`), before it has even sent \`connect\`.`,
    `² mud-client: this Node process (process.cpuUsage, RSS from memoryUsage), from the first connect until all logged in. dummyrunner: its Python process (/proc/<pid>/stat, VmRSS), from its "Dummyrunner starting" line (connections begin) until server.log shows all logged in; that includes its 1 s ticks and the commands of clients already in.`,
    `The dummyrunner runs stock: TIMESTEP 1 s, CHANCE_OF_ACTION 0.5, at most ~10 logins under way, "looker" profile (create, yes, connect, dig, teleport, py; then look). Its time is set by that pacing, not by its speed.`,
    `mud-client opens all ${n} connections at once (default session options, login timeout raised to 120 s); its ${n} accounts were created before, through the login screen (${accountSeconds.toFixed(1)} s, not counted).`,
    `ratio = mud-client / dummyrunner.`,
  ];
  if (dummyrunner.incomplete) {
    notes.push(
      `The dummyrunner did not get all ${n} logged in within ${DUMMYRUNNER_TIME_LIMIT_MS / 1000} s (${dummyrunner.serverLoggedIn} were); its per-connection numbers cover that time.`,
    );
  }
  return {
    table,
    notes,
    data: {
      clients: n,
      accountCreationSeconds: accountSeconds,
      mudClient: Object.fromEntries(waves),
      dummyrunner,
    },
  };
}

export const concurrentLogins: Benchmark = {
  name: 'concurrent-logins',
  description: 'N concurrent logins from one Node process vs evennia --dummyrunner N',
  run,
};
