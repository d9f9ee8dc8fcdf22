/**
 * The Modelfile that registers SmolLM2 with Ollama (`ollama create`, offline: the CLI uploads the GGUF to
 * the local server as a blob). The template is plain ChatML, SmolLM2's chat format. It deliberately does
 * not reference `.Tools`: a 135M model does not write tool calls reliably, so Ollama reports no `tools`
 * capability and the Ollama brain asks for JSON constrained by a schema (`format`) instead, which every
 * model follows because the server enforces it while sampling.
 */

import { SupervisorError } from '../errors.ts';

/** ChatML over `.Messages` (system messages are part of them in chat requests). */
export const CHATML_TEMPLATE = `{{- range .Messages }}<|im_start|>{{ .Role }}
{{ .Content }}<|im_end|>
{{ end }}<|im_start|>assistant
`;

export interface ModelfileOptions {
  /** Absolute path of the GGUF. */
  gguf: string;
  template?: string;
  contextLength?: number;
  /**
   * `num_thread`; default: Ollama's choice (one per core). On shared CI cores 1 is far faster: ggml's
   * threads wait for each other by spinning, and one descheduled thread stalls the rest (measured here
   * under load: 18 tokens in 0.7 s with one thread, 44 s with two).
   */
  threads?: number;
}

export function modelfile(options: ModelfileOptions): string {
  if (options.template?.includes('"""') || /\s/.test(options.gguf)) {
    throw new SupervisorError(
      'SUPERVISOR_ERR_BAD_CONFIG',
      'A Modelfile cannot hold this template or model path.',
      {
        fix: 'use a template without triple quotes and a model path without spaces (TIMMY_TOOL_CACHE moves the cache)',
      },
    );
  }
  return [
    `FROM ${options.gguf}`,
    `TEMPLATE """${options.template ?? CHATML_TEMPLATE}"""`,
    'PARAMETER stop "<|im_end|>"',
    'PARAMETER stop "<|im_start|>"',
    'PARAMETER temperature 0',
    `PARAMETER num_ctx ${options.contextLength ?? 2048}`,
    ...(options.threads ? [`PARAMETER num_thread ${options.threads}`] : []),
    '',
  ].join('\n');
}
