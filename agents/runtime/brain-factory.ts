/**
 * The brain a definition asks for: GOAP, or Ollama with GOAP as its fallback (every step the model
 * cannot decide — server away, invalid answer — is decided by GOAP, so an agent never stops).
 */
import type { Brain } from '../brains/brain.ts';
import { GoapBrain } from '../brains/goap/goap-brain.ts';
import { OllamaBrain } from '../brains/ollama/ollama-brain.ts';
import type { BrainConfig } from '../definitions/agent-definition.ts';
import type { AgentLogger } from './agent-runtime.ts';

export function createBrain(config: BrainConfig, logger?: AgentLogger): Brain {
  if (config.kind === 'goap') return new GoapBrain();
  return new OllamaBrain(
    { model: config.model, ...(config.host ? { host: config.host } : {}) },
    { fallback: new GoapBrain(), ...(logger ? { log: (message: string) => logger.warn(message) } : {}) },
  );
}
