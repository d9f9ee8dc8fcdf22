/** What `timmy agent` and `timmy eval` share: the running game's address and the brain options. */

import type { BrainConfig } from '../../agents/definitions/agent-definition.ts';
import type { GameAddress } from '../../agents/runtime/start-lineage.ts';
import { portsFromEnvironment } from '../../supervisor/ports.ts';
import { mainGameServer } from '../../world-seed/world-session.ts';
import { stringOption, UsageError } from '../cli-command.ts';

/** The SmolLM2 model the Ollama harness creates; the default of `--brain ollama`. */
export const DEFAULT_OLLAMA_MODEL = 'smollm2-timmy';

export const BRAIN_OPTIONS = {
  brain: { type: 'string' },
  model: { type: 'string' },
  'ollama-host': { type: 'string' },
} as const;

export const BRAIN_HELP = [
  "  --brain goap|ollama  the brain (default: each agent's own; eval: goap)",
  `  --model M            the Ollama model (default ${DEFAULT_OLLAMA_MODEL}); implies --brain ollama`,
  '  --ollama-host URL    the Ollama server (default OLLAMA_HOST or http://127.0.0.1:11434)',
];

/** The brain the options ask for, or undefined to keep each definition's. */
export function brainOption(values: Record<string, unknown>): BrainConfig | undefined {
  const brain = stringOption(values, 'brain');
  const model = stringOption(values, 'model');
  const host = stringOption(values, 'ollama-host');
  if (brain !== undefined && brain !== 'goap' && brain !== 'ollama')
    throw new UsageError('--brain is goap or ollama');
  if (brain === 'goap' && (model || host))
    throw new UsageError('--model and --ollama-host go with --brain ollama');
  if (brain === 'ollama' || model || host)
    return { kind: 'ollama', model: model ?? DEFAULT_OLLAMA_MODEL, ...(host ? { host } : {}) };
  return brain === 'goap' ? { kind: 'goap' } : undefined;
}

/** The running game (`npm start`): EVENNIA_INTERFACE and the port variables. */
export function gameAddress(environment: NodeJS.ProcessEnv = process.env): GameAddress {
  const { host } = mainGameServer(environment);
  const ports = portsFromEnvironment(environment);
  return { host, ports: { telnet: ports.telnet, websocket: ports.websocket } };
}
