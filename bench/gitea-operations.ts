/**
 * Gitea operations through the bridge's client (`createGiteaClient`: zod validation, timeouts, error
 * mapping) against the same request made with plain `fetch` (the baseline), on one real Gitea built by
 * the test harness: `GET /version`, list open issues, create an issue, comment on an issue. Client and raw
 * alternate request by request, so drift and Gitea's own caches hit both alike.
 */
import { createGiteaClient } from '../bridges/gitea/gitea-client.ts';
import { startGitea } from '../test/harness/gitea-instance.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { percentile, ratio } from './statistics.ts';

const WARMUP = 5;
/** Writes grow the database; keep their series bounded whatever --iterations says. Listing runs after them,
 * so it pages over a full first page of issues. */
const MAX_WRITE_ITERATIONS = 100;

interface Operation {
  name: string;
  write: boolean;
  client: (index: number) => Promise<unknown>;
  raw: (index: number) => Promise<unknown>;
}

interface Series {
  operation: string;
  iterations: number;
  rawMs: number[];
  clientMs: number[];
}

async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  options.log('starting Gitea (a cold first run builds it from source)');
  const gitea = await startGitea();
  const series: Series[] = [];
  try {
    const client = createGiteaClient({ baseUrl: gitea.url, token: gitea.token, timeoutMs: 30_000 });
    const repository = (await client.repositories.create({ name: 'bench' })).full_name;
    const target = await client.issues.create(repository, { title: 'comment target' });
    const api = `${gitea.url}/api/v1`;
    const headers = {
      Authorization: `token ${gitea.token}`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
    };
    const raw = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const parsed: unknown = await response.json();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
      return parsed;
    };
    const operations: Operation[] = [
      {
        name: 'GET /version',
        write: false,
        client: () => client.version(),
        raw: () => raw('GET', '/version'),
      },
      {
        name: 'create issue',
        write: true,
        client: index => client.issues.create(repository, { title: `client ${index}`, body: 'bench' }),
        raw: index =>
          raw('POST', `/repos/${repository}/issues`, { title: `raw ${index}`, body: 'bench', labels: [] }),
      },
      {
        name: 'comment on issue',
        write: true,
        client: index => client.issues.comment(repository, target.number, `client ${index}`),
        raw: index =>
          raw('POST', `/repos/${repository}/issues/${target.number}/comments`, { body: `raw ${index}` }),
      },
      {
        name: 'list open issues (limit 50)',
        write: false,
        client: () => client.issues.list(repository, { state: 'open', limit: 50 }),
        raw: () => raw('GET', `/repos/${repository}/issues?state=open&page=1&limit=50`),
      },
    ];
    for (const operation of operations) {
      const iterations = operation.write
        ? Math.min(options.iterations, MAX_WRITE_ITERATIONS)
        : options.iterations;
      options.log(`${operation.name}: ${iterations} requests each (+${WARMUP} warm-up)`);
      const measured: Series = { operation: operation.name, iterations, rawMs: [], clientMs: [] };
      for (let index = 0; index < WARMUP + iterations; index++) {
        const order = index % 2 === 0 ? (['raw', 'client'] as const) : (['client', 'raw'] as const);
        for (const side of order) {
          const started = performance.now();
          await operation[side](index);
          const elapsed = performance.now() - started;
          if (index >= WARMUP) (side === 'raw' ? measured.rawMs : measured.clientMs).push(elapsed);
        }
      }
      series.push(measured);
    }
  } finally {
    await gitea.stop();
  }
  const table = markdownTable(
    [
      'operation',
      'n',
      'raw p50 ms',
      'raw p99 ms',
      'client p50 ms',
      'client p99 ms',
      'ratio p50',
      'ratio p99',
    ],
    series.map(item => {
      const rawP50 = percentile(item.rawMs, 50);
      const rawP99 = percentile(item.rawMs, 99);
      const clientP50 = percentile(item.clientMs, 50);
      const clientP99 = percentile(item.clientMs, 99);
      return [
        item.operation,
        String(item.iterations),
        cell(rawP50),
        cell(rawP99),
        cell(clientP50),
        cell(clientP99),
        ratioCell(ratio(clientP50, rawP50)),
        ratioCell(ratio(clientP99, rawP99)),
      ];
    }),
  );
  return {
    table,
    notes: [
      `Gitea ${gitea.version} on 127.0.0.1 with SQLite; ratio = client / raw fetch of the same request.`,
      `${WARMUP} warm-up requests per side are not counted; raw and client alternate; writes are capped at ${MAX_WRITE_ITERATIONS} per side.`,
    ],
    data: {
      giteaVersion: gitea.version,
      warmup: WARMUP,
      series: series.map(item => ({
        operation: item.operation,
        iterations: item.iterations,
        raw: { p50Ms: percentile(item.rawMs, 50), p99Ms: percentile(item.rawMs, 99) },
        client: { p50Ms: percentile(item.clientMs, 50), p99Ms: percentile(item.clientMs, 99) },
      })),
    },
  };
}

export const giteaOperations: Benchmark = {
  name: 'gitea-operations',
  description: 'Gitea bridge client vs raw fetch: version, list issues, create issue, comment (p50/p99)',
  run,
};
