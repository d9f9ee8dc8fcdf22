/**
 * Benchmark: decision latency per brain, in one run on one machine, and prompt tokens per decision with
 * structured perception against raw room text.
 *
 * - The Ollama brain with the real SmolLM2-135M-Instruct on a real Ollama v0.11.4 (built with
 *   -march=native, started by the test harness on a free loopback port), twice over the same decision
 *   contexts: once with the room as structured data from RoomInfo, once with the text `look` prints
 *   there (Evennia 5.0.1's layout). Token counts are Ollama's own `prompt_eval_count` / `eval_count`.
 * - Baselines measured in the same run: a trivial deterministic brain, and the GOAP brain when its
 *   module is present.
 *
 * The contexts are the rooms of world-seed/timmy-world.yaml with tasks, memories and previous steps
 * (agents/brains/ollama/decision-fixtures.ts); decisions = min(--iterations, 30) per series.
 */
import type { Brain, Decision, DecisionContext } from '../agents/brains/brain.ts';
import { DeterministicBrain, decisionContexts, lookText } from '../agents/brains/ollama/decision-fixtures.ts';
import { buildDecisionPrompt, promptSize } from '../agents/brains/ollama/decision-prompt.ts';
import { OllamaBrain } from '../agents/brains/ollama/ollama-brain.ts';
import { startOllama } from '../test/harness/ollama-instance.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { cell, markdownTable } from './markdown-table.ts';
import { mean, percentile } from './statistics.ts';

const MAX_DECISIONS = 30;

interface Series {
  name: string;
  decisions: number;
  fromModel: number;
  fallbacks: string[];
  ms: number[];
  promptTokens: number[];
  completionTokens: number[];
  estimatedPromptTokens: number[];
  wallMs: number;
}

async function measure(
  name: string,
  brain: Brain,
  contexts: readonly DecisionContext[],
  estimate: (context: DecisionContext) => number,
  log: (message: string) => void,
): Promise<Series> {
  const series: Series = {
    name,
    decisions: 0,
    fromModel: 0,
    fallbacks: [],
    ms: [],
    promptTokens: [],
    completionTokens: [],
    estimatedPromptTokens: [],
    wallMs: 0,
  };
  const started = performance.now();
  for (const context of contexts) {
    const before = performance.now();
    const decision: Decision = await brain.decide(context);
    series.ms.push(performance.now() - before);
    series.decisions++;
    series.estimatedPromptTokens.push(estimate(context));
    if (decision.fallback) series.fallbacks.push(decision.fallback);
    else if (decision.brain === brain.name) series.fromModel++;
    if (decision.tokens && !decision.fallback) {
      series.promptTokens.push(decision.tokens.prompt);
      series.completionTokens.push(decision.tokens.completion);
    }
  }
  series.wallMs = performance.now() - started;
  log(`${name}: ${series.decisions} decisions in ${(series.wallMs / 1000).toFixed(1)} s`);
  return series;
}

/** The GOAP brain of agents/brains/goap when that module is present (it is developed separately). */
async function goapBrain(log: (message: string) => void): Promise<Brain | undefined> {
  const modulePath = '../agents/brains/goap/goap-brain.ts';
  try {
    const module = (await import(modulePath)) as { GoapBrain?: new () => Brain };
    return module.GoapBrain ? new module.GoapBrain() : undefined;
  } catch (error) {
    log(`GOAP brain not measured: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

export const brainDecisions: Benchmark = {
  name: 'brain-decisions',
  description:
    'decision latency per brain (Ollama + SmolLM2-135M vs deterministic baselines) and prompt tokens, structured vs raw perception',
  async run(options: BenchmarkOptions): Promise<BenchmarkReport> {
    const count = Math.min(options.iterations, MAX_DECISIONS);
    const contexts = decisionContexts(count);
    const ollama = await startOllama({ progress: options.log });
    try {
      const fallback = new DeterministicBrain();
      const config = { host: ollama.host, model: ollama.model, timeoutMs: 300_000 };
      const raw = (context: DecisionContext, listTools: boolean) =>
        buildDecisionPrompt(context, {
          listTools,
          perception: { kind: 'raw', text: lookText(context.room) },
        });
      const structuredBrain = new OllamaBrain(config, { fallback, log: options.log });
      const rawBrain = new OllamaBrain(config, {
        fallback,
        log: options.log,
        prompt: (context, { listTools }) => raw(context, listTools),
      });
      options.log('warming up (model load) ...');
      await structuredBrain.decide(contexts[0] as DecisionContext);
      const estimateStructured = (context: DecisionContext) =>
        promptSize(buildDecisionPrompt(context, { listTools: true })).estimatedTokens;
      const estimateRaw = (context: DecisionContext) => promptSize(raw(context, true)).estimatedTokens;
      const series: Series[] = [];
      series.push(
        await measure(
          'ollama smollm2-135m, structured room',
          structuredBrain,
          contexts,
          estimateStructured,
          options.log,
        ),
      );
      series.push(
        await measure('ollama smollm2-135m, raw look text', rawBrain, contexts, estimateRaw, options.log),
      );
      series.push(
        await measure(
          'deterministic baseline',
          new DeterministicBrain(),
          contexts,
          () => Number.NaN,
          options.log,
        ),
      );
      const goap = await goapBrain(options.log);
      if (goap) series.push(await measure('goap', goap, contexts, () => Number.NaN, options.log));
      const table = markdownTable(
        [
          'brain',
          'decisions',
          'from model',
          'p50 ms',
          'p95 ms',
          'mean ms',
          'decisions/s',
          'prompt tok',
          'completion tok',
          'est. prompt tok',
        ],
        series.map(entry => [
          entry.name,
          String(entry.decisions),
          entry.name.startsWith('ollama') ? String(entry.fromModel) : '–',
          cell(percentile(entry.ms, 50), 1),
          cell(percentile(entry.ms, 95), 1),
          cell(mean(entry.ms), 1),
          cell(entry.decisions / (entry.wallMs / 1000), 2),
          cell(mean(entry.promptTokens), 0),
          cell(mean(entry.completionTokens), 0),
          cell(mean(entry.estimatedPromptTokens), 0),
        ]),
      );
      const [structured, rawText] = series;
      const notes = [
        `Ollama ${ollama.binary} (v0.11.4, -O3 -march=native, num_thread 1), model import ${(ollama.createMs / 1000).toFixed(1)} s; temperature 0, JSON-schema constrained answers.`,
        `Prompt tokens are Ollama's prompt_eval_count; "est." is the builder's 4-characters-per-token estimate. Structured / raw prompt tokens: ${cell(mean(structured?.promptTokens ?? []) / mean(rawText?.promptTokens ?? []), 2)}.`,
        'The raw variant gives the look text (name, description, exit names, characters, things) where the structured one gives RoomInfo lines (exits with destinations); both carry the same tools, memories and steps.',
        ...[...new Set(series.flatMap(entry => entry.fallbacks))]
          .slice(0, 5)
          .map(reason => `Fallback seen: ${reason}`),
      ];
      return { table, notes, data: { series } };
    } finally {
      await ollama.stop();
    }
  },
};
