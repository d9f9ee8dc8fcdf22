/** The Ollama brain: a local LLM behind Ollama's HTTP API, with a fallback brain for every failure. */
export { parseJsonAnswer, type ValidatedAnswer, validateAnswer } from './answer-validation.ts';
export {
  buildDecisionPrompt,
  DEFAULT_PROMPT_LIMITS,
  type PromptMessage,
  type PromptOptions,
  type PromptSize,
  promptSize,
} from './decision-prompt.ts';
export { decisionSchema, nativeTools } from './decision-schema.ts';
export { OllamaBrain, type OllamaBrainDependencies } from './ollama-brain.ts';
export {
  DEFAULT_OLLAMA_HOST,
  type OllamaBrainConfig,
  type OllamaBrainConfigInput,
  OllamaBrainConfigSchema,
  resolveOllamaHost,
} from './ollama-brain-config.ts';
