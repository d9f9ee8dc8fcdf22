/**
 * The Ollama binary: `go install github.com/ollama/ollama@v0.11.4` into the shared tool cache, built with
 * `-O3 -march=native` so that the built-in cgo CPU backend uses the machine's vector units (a plain build
 * runs the SSE2 baseline, 4-25x slower). v0.11.4 is the newest tag whose module zip still carries every
 * C/C++ source it compiles (see the local LLM reference, section 4). `TIMMY_OLLAMA` names an existing
 * binary instead (a user's own Ollama).
 */
import { existsSync } from 'node:fs';
import { SupervisorError } from '../errors.ts';
import { goInstall } from '../go-build.ts';
import type { Progress } from '../python-environment.ts';

export const OLLAMA_MODULE = 'github.com/ollama/ollama';
export const OLLAMA_VERSION = 'v0.11.4';
/** Placed before the package's own `#cgo` flags, so they reach every C and C++ file of the build. */
export const OLLAMA_CGO_FLAGS = '-O3 -march=native';

/** Builds Ollama once per machine (minutes on two cores) and returns the path of the binary. */
export async function ensureOllamaBinary(
  progress: Progress,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const explicit = environment.TIMMY_OLLAMA;
  if (explicit) {
    if (existsSync(explicit)) return explicit;
    throw new SupervisorError('SUPERVISOR_ERR_TOOL_MISSING', `TIMMY_OLLAMA=${explicit} does not exist.`, {
      fix: 'unset TIMMY_OLLAMA to build Ollama into the tool cache, or point it at an ollama binary',
    });
  }
  return goInstall(
    {
      name: 'ollama',
      module: OLLAMA_MODULE,
      version: OLLAMA_VERSION,
      binary: 'ollama',
      flavour: 'native',
      environment: { CGO_CFLAGS: OLLAMA_CGO_FLAGS, CGO_CXXFLAGS: OLLAMA_CGO_FLAGS },
    },
    progress,
  );
}
