/**
 * Runs one tier of the suite with Node's test runner: `unit` (every colocated *.test.ts, no network) or
 * `integration` (test/integration/**\/*.spec.ts, against real servers started by the harness).
 * Node 20's runner takes no glob patterns, so the files are listed here.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../supervisor/paths.ts';

const SKIP = /(^|\/)(node_modules|\.timmy|\.git|evennia-game)(\/|$)/;
const TIERS = {
  unit: { pattern: /\.test\.ts$/, under: '.', concurrency: undefined },
  integration: { pattern: /\.spec\.ts$/, under: 'test/integration', concurrency: '1' },
} as const;

const tier = TIERS[process.argv[2] as keyof typeof TIERS];
if (!tier) {
  console.error('Usage: tsx test/run.ts <unit|integration> [name filter]');
  process.exit(2);
}
const filter = process.argv[3];
const files = (readdirSync(path.join(projectRoot, tier.under), { recursive: true }) as string[])
  .map(file => path.join(tier.under, file))
  .filter(file => tier.pattern.test(file) && !SKIP.test(file) && (!filter || file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No ${process.argv[2]} test files found.`);
  process.exit(1);
}
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    ...(tier.concurrency ? [`--test-concurrency=${tier.concurrency}`] : []),
    ...files,
  ],
  { cwd: projectRoot, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
