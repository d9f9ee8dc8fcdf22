/**
 * A real Ollama for tests and benchmarks: the v0.11.4 binary built with `-march=native` (cached in the
 * tool cache), `ollama serve` on a free loopback port with its models in a temporary directory, and
 * SmolLM2-135M-Instruct imported offline with `ollama create`. Every process it starts (the server and
 * its `ollama runner` child, one process group) is killed on stop, on exit and on signals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { modelfile } from '../../supervisor/ollama/modelfile.ts';
import { ensureOllamaBinary } from '../../supervisor/ollama/ollama-binary.ts';
import { OllamaServer } from '../../supervisor/ollama/ollama-server.ts';
import { SMOLLM2_MODEL_NAME } from '../../supervisor/ollama/ollama-setup.ts';
import { ensureSmolLM2 } from '../../supervisor/ollama/smollm2-model.ts';
import { allocateFreePorts } from '../../supervisor/ports.ts';

/** The name SmolLM2 gets inside the harness's Ollama. */
export const SMOLLM2_MODEL = SMOLLM2_MODEL_NAME;

export interface OllamaInstance {
  /** `http://127.0.0.1:<port>`, for `OllamaBrain`'s `host`. */
  host: string;
  port: number;
  model: string;
  binary: string;
  server: OllamaServer;
  /** How long `ollama serve` took to answer `/api/version`, and `ollama create` to import the model. */
  startMs: number;
  createMs: number;
  /** Stops the server but keeps its models, so `restart()` can bring it back on the same port. */
  stopServer(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface OllamaOptions {
  progress?: (message: string) => void;
  /** `num_thread` of the model (see supervisor/ollama/modelfile.ts); default 1, for shared CI cores. */
  threads?: number;
}

/** Running servers and their temporary directories. */
const live = new Map<OllamaServer, string>();
let exitHooksInstalled = false;

/** Whatever ends the test process, no Ollama it started survives. */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const [server, directory] of live) {
      server.killSync();
      rmSync(directory, { recursive: true, force: true });
    }
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export async function startOllama(options: OllamaOptions = {}): Promise<OllamaInstance> {
  installExitHooks();
  const progress = options.progress ?? ((message: string) => process.stderr.write(`# ${message}\n`));
  const [binary, gguf] = [await ensureOllamaBinary(progress), await ensureSmolLM2(progress)];
  const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-ollama-'));
  const { telnet: port } = await allocateFreePorts();
  const server = new OllamaServer({
    binary,
    port,
    modelsDir: path.join(directory, 'models'),
    homeDir: path.join(directory, 'home'),
    logFile: path.join(directory, 'server.log'),
  });
  live.set(server, directory);
  const stop = async () => {
    await server.stop();
    live.delete(server);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    const startMs = await server.start();
    const file = path.join(directory, 'Modelfile');
    writeFileSync(file, modelfile({ gguf, threads: options.threads ?? 1 }));
    const createMs = await server.createModel(SMOLLM2_MODEL, file, progress);
    return {
      host: server.url,
      port,
      model: SMOLLM2_MODEL,
      binary,
      server,
      startMs,
      createMs,
      stopServer: () => server.stop(),
      async restart() {
        await server.stop();
        await server.start();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * For a test file: one real Ollama with SmolLM2 started before its tests and torn down after them,
 * even when a test fails. Returns an accessor valid inside tests.
 */
export function useOllama(options: OllamaOptions = {}): () => OllamaInstance {
  let instance: OllamaInstance | undefined;
  before(async () => {
    instance = await startOllama(options);
  });
  after(async () => {
    await instance?.stop();
  });
  return () => {
    if (!instance) throw new Error('Ollama is not running (did the before hook fail?)');
    return instance;
  };
}
