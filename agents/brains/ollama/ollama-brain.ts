/**
 * A brain that asks a model served by Ollama for each decision and never depends on it: any failure
 * (server down, model missing, time limit, a mid-stream error, an answer that is not exactly one of the
 * offered tools with a valid input) hands that step to the fallback brain given to the constructor, and
 * the decision says why in `fallback`. Native tool calls are used when the model lists the `tools`
 * capability; otherwise the answer is constrained by a JSON schema of the offered tools (`format`).
 */
import { type ChatRequest, type ChatResponse, type Message, Ollama, type ToolCall } from 'ollama';
import type { Brain, Decision, DecisionContext } from '../brain.ts';
import { parseJsonAnswer, type ValidatedAnswer, validateAnswer } from './answer-validation.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { buildDecisionPrompt, type PromptMessage } from './decision-prompt.ts';
import { decisionSchema, nativeTools } from './decision-schema.ts';
import { type BrainFailure, classifyFailure, opensCircuit } from './failure-reason.ts';
import {
  type OllamaBrainConfig,
  type OllamaBrainConfigInput,
  OllamaBrainConfigSchema,
  resolveOllamaHost,
} from './ollama-brain-config.ts';
import { type Fetch, timedFetch } from './timed-fetch.ts';

export interface OllamaBrainDependencies {
  /** Decides every step the model cannot (a GOAP brain in production). */
  fallback: Brain;
  fetch?: Fetch;
  /** Receives one line per fallback and per probe result. */
  log?: (message: string) => void;
  now?: () => number;
  environment?: NodeJS.ProcessEnv;
  /** Builds the messages of a decision (benchmarks swap in other perceptions). */
  prompt?: (context: DecisionContext, options: { listTools: boolean }) => PromptMessage[];
}

interface ModelAnswer {
  answer: ValidatedAnswer;
  tokens: { prompt: number; completion: number } | undefined;
}

class DecisionFailure extends Error {
  constructor(
    readonly failure: BrainFailure,
    readonly tokens?: { prompt: number; completion: number },
  ) {
    super(failure.reason);
  }
}

export class OllamaBrain implements Brain {
  readonly name = 'ollama' as const;
  readonly host: string;
  readonly config: OllamaBrainConfig;
  private readonly fallback: Brain;
  private readonly fetch: Fetch;
  private readonly log: (message: string) => void;
  private readonly now: () => number;
  private readonly prompt: NonNullable<OllamaBrainDependencies['prompt']>;
  private readonly breaker: CircuitBreaker;
  /** Undefined until a probe succeeded; reset whenever the server went away. */
  private capabilities: readonly string[] | undefined;
  /** Set when the server refused native tools although the model listed them; JSON schema from then on. */
  private nativeToolsRefused = false;

  constructor(config: OllamaBrainConfigInput, dependencies: OllamaBrainDependencies) {
    this.config = OllamaBrainConfigSchema.parse(config);
    this.host = resolveOllamaHost(this.config.host, dependencies.environment);
    this.fallback = dependencies.fallback;
    this.fetch = dependencies.fetch ?? fetch;
    this.log = dependencies.log ?? (() => {});
    this.now = dependencies.now ?? Date.now;
    this.prompt = dependencies.prompt ?? ((context, options) => buildDecisionPrompt(context, options));
    this.breaker = new CircuitBreaker(this.config.reprobeAfterMs, this.now);
  }

  /** True when native tool calls are used (known after the first successful probe). */
  get usesNativeTools(): boolean | undefined {
    return this.capabilities && this.nativeToolsFor(this.capabilities);
  }

  async decide(context: DecisionContext): Promise<Decision> {
    context.signal?.throwIfAborted();
    const started = this.now();
    const blocked = this.breaker.blocked();
    if (blocked) {
      const retry = Math.ceil(blocked.retryInMs / 1000);
      return this.fallBack(context, started, `${blocked.reason} (circuit open, next probe in ${retry} s)`);
    }
    try {
      const capabilities = this.capabilities ?? (await this.probe(context.signal));
      const { answer, tokens } = await this.ask(context, this.nativeToolsFor(capabilities));
      if (!answer.ok) return this.fallBack(context, started, answer.reason, tokens);
      return {
        tool: answer.tool,
        input: answer.input,
        reason: answer.reason,
        brain: 'ollama',
        ...(tokens ? { tokens } : {}),
        ms: this.now() - started,
      };
    } catch (error) {
      if (context.signal?.aborted) throw context.signal.reason;
      const failure =
        error instanceof DecisionFailure ? error.failure : classifyFailure(error, this.failureSubject());
      if (failure.kind === 'tools-unsupported') this.nativeToolsRefused = true;
      if (opensCircuit(failure.kind)) {
        this.capabilities = undefined;
        this.breaker.open(failure.reason);
      }
      return this.fallBack(
        context,
        started,
        failure.reason,
        error instanceof DecisionFailure ? error.tokens : undefined,
      );
    }
  }

  private failureSubject() {
    return { host: this.host, model: this.config.model, timeoutMs: this.config.timeoutMs };
  }

  private nativeToolsFor(capabilities: readonly string[]): boolean {
    return this.config.nativeTools === 'auto' && !this.nativeToolsRefused && capabilities.includes('tools');
  }

  private client(timeoutMs: number, signal?: AbortSignal): Ollama {
    return new Ollama({ host: this.host, fetch: timedFetch(this.fetch, timeoutMs, signal) });
  }

  /** `/api/version` (is anyone there?) and `/api/show` (is the model there, can it call tools?). */
  private async probe(signal?: AbortSignal): Promise<readonly string[]> {
    const client = this.client(this.config.probeTimeoutMs, signal);
    const subject = { ...this.failureSubject(), timeoutMs: this.config.probeTimeoutMs };
    try {
      const { version } = await client.version();
      const shown = await client.show({ model: this.config.model });
      const capabilities = Array.isArray(shown.capabilities) ? shown.capabilities : [];
      this.capabilities = capabilities;
      this.breaker.close();
      this.log(
        `ollama brain: ${this.host} (Ollama ${version}) serves ${this.config.model} with ${this.nativeToolsFor(capabilities) ? 'native tool calls' : 'JSON-schema answers'}`,
      );
      return capabilities;
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new DecisionFailure(classifyFailure(error, subject));
    }
  }

  private async ask(context: DecisionContext, native: boolean): Promise<ModelAnswer> {
    const messages: Message[] = this.prompt(context, { listTools: !native });
    const request: ChatRequest = {
      model: this.config.model,
      messages,
      keep_alive: this.config.keepAlive,
      options: {
        temperature: this.config.temperature,
        seed: this.config.seed,
        num_ctx: this.config.contextLength,
        num_predict: this.config.maxOutputTokens,
      },
      ...(native ? { tools: nativeTools(context.tools) } : { format: decisionSchema(context.tools) }),
    };
    const client = this.client(this.config.timeoutMs, context.signal);
    let content = '';
    const toolCalls: ToolCall[] = [];
    let last: ChatResponse | undefined;
    const stream = await client.chat({ ...request, stream: true });
    for await (const part of stream) {
      content += part.message?.content ?? '';
      toolCalls.push(...(part.message?.tool_calls ?? []));
      last = part;
    }
    const tokens =
      last?.done === true
        ? { prompt: last.prompt_eval_count ?? 0, completion: last.eval_count ?? 0 }
        : undefined;
    if (last?.done_reason === 'length') {
      return {
        answer: { ok: false, reason: 'invalid answer: the reply hit the output token limit' },
        tokens,
      };
    }
    return { answer: this.readAnswer(content, toolCalls, context), tokens };
  }

  private readAnswer(
    content: string,
    toolCalls: readonly ToolCall[],
    context: DecisionContext,
  ): ValidatedAnswer {
    const [call, ...more] = toolCalls;
    if (call) {
      if (more.length > 0)
        return { ok: false, reason: `invalid answer: ${toolCalls.length} tool calls, one expected` };
      return validateAnswer(
        { tool: call.function.name, input: call.function.arguments, reason: content.trim() },
        context.tools,
      );
    }
    const parsed = parseJsonAnswer(content);
    return parsed.ok ? validateAnswer(parsed.value, context.tools) : parsed;
  }

  private async fallBack(
    context: DecisionContext,
    started: number,
    reason: string,
    tokens?: { prompt: number; completion: number },
  ): Promise<Decision> {
    this.log(`ollama brain: step ${context.step} decided by ${this.fallback.name}: ${reason}`);
    const decision = await this.fallback.decide(context);
    return {
      ...decision,
      fallback: reason,
      ...(tokens ? { tokens } : {}),
      ms: this.now() - started,
    };
  }
}
