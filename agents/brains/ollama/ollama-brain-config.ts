/** What an `OllamaBrain` is configured with; every field but `model` has a default. */
import { z } from 'zod';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

export const OllamaBrainConfigSchema = z.object({
  /** Server address; default `OLLAMA_HOST`, else http://127.0.0.1:11434 (ollama-js ignores OLLAMA_HOST). */
  host: z.string().min(1).optional(),
  model: z.string().min(1),
  /** Time limit of one decision's chat call, model load included. */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Time limit of the `/api/version` and `/api/show` probe. */
  probeTimeoutMs: z.number().int().positive().default(3_000),
  /** After a connection failure, the server is probed again at most this often; steps in between fall back at once. */
  reprobeAfterMs: z.number().int().nonnegative().default(15_000),
  /** `auto`: native tool calls when the model lists the `tools` capability; `never`: always a JSON schema. */
  nativeTools: z.enum(['auto', 'never']).default('auto'),
  keepAlive: z.union([z.string(), z.number()]).default('10m'),
  temperature: z.number().min(0).max(2).default(0),
  seed: z.number().int().default(42),
  contextLength: z.number().int().positive().default(2048),
  /** Generation cap: a decision is one small JSON object. */
  maxOutputTokens: z.number().int().positive().default(160),
});
export type OllamaBrainConfig = z.infer<typeof OllamaBrainConfigSchema>;
export type OllamaBrainConfigInput = z.input<typeof OllamaBrainConfigSchema>;

/** The configured host, else `OLLAMA_HOST` (as the Ollama CLI reads it), else the default. */
export function resolveOllamaHost(
  configured: string | undefined,
  environment: NodeJS.ProcessEnv = process.env,
) {
  const host = configured?.trim() || environment.OLLAMA_HOST?.trim();
  return host || DEFAULT_OLLAMA_HOST;
}
