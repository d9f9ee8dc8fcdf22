/**
 * `timmy ollama setup`: the Ollama binary (built once), SmolLM2 (downloaded and verified once) and a
 * Modelfile beside the model; with a host, also the `ollama create` that registers the model with that
 * (running) server, offline. The same pieces the test harness uses.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SupervisorError } from '../errors.ts';
import type { Progress } from '../python-environment.ts';
import { runCommand } from '../run-command.ts';
import { modelfile } from './modelfile.ts';
import { ensureOllamaBinary } from './ollama-binary.ts';
import { ensureSmolLM2 } from './smollm2-model.ts';

/** The name SmolLM2 is registered under, in the harness and by `timmy ollama setup --create`. */
export const SMOLLM2_MODEL_NAME = 'smollm2-timmy';

export interface OllamaSetup {
  binary: string;
  gguf: string;
  modelfile: string;
}

export async function setupOllama(progress: Progress, environment = process.env): Promise<OllamaSetup> {
  const binary = await ensureOllamaBinary(progress, environment);
  const gguf = await ensureSmolLM2(progress, environment);
  const file = path.join(path.dirname(gguf), 'Modelfile');
  writeFileSync(file, modelfile({ gguf }));
  return { binary, gguf, modelfile: file };
}

/** `ollama create <name> -f <Modelfile>` against the server at `host` (`127.0.0.1:11434` form or a URL). */
export async function createModel(setup: OllamaSetup, host: string, name: string, progress: Progress) {
  const started = Date.now();
  progress(`Importing ${name} into the Ollama at ${host} ...`);
  const result = await runCommand(setup.binary, ['create', name, '-f', setup.modelfile], {
    env: { ...process.env, OLLAMA_HOST: host },
    timeoutMs: 10 * 60_000,
  });
  if (result.exitCode !== 0) {
    throw new SupervisorError(
      'SUPERVISOR_ERR_COMMAND_FAILED',
      `ollama create ${name} failed:\n${result.output.slice(-2000)}`,
      {
        fix: `start the server first (OLLAMA_HOST=${host} ${setup.binary} serve) and run the command again`,
      },
    );
  }
  progress(`Imported ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
