/**
 * Periodic reflection, deterministic (no LLM needed, so GOAP agents reflect too): every `every`
 * memories the stream gets a reflection summarising them: what the agent did (tools by count), where it
 * was, what failed, and the words that came up most.
 */

import type { Memory, MemoryStream } from './memory-stream.ts';
import { memoryTokens } from './memory-tokens.ts';

export interface ReflectionOptions {
  /** Reflect once this many memories were made since the last reflection. Default 20. */
  every?: number;
  now?: number;
}

/** Adds a reflection when enough has happened since the last one; returns it, or undefined. */
export function reflectIfDue(stream: MemoryStream, options: ReflectionOptions = {}): Memory | undefined {
  const every = options.every ?? 20;
  const last = stream.recent(1, 'reflection')[0];
  const pending = stream.since(last?.id ?? 0, every * 4).filter(memory => memory.kind !== 'reflection');
  if (pending.length < every) return undefined;
  const summary = summarise(pending);
  return stream.add({
    kind: 'reflection',
    text: summary.text,
    importance: summary.importance,
    ...(options.now === undefined ? {} : { at: options.now }),
  });
}

/** The text and importance of a reflection on these memories (oldest first). */
export function summarise(memories: readonly Memory[]): { text: string; importance: number } {
  const actions = memories.filter(memory => memory.kind === 'action');
  const observations = memories.filter(memory => memory.kind === 'observation');
  const tools = new Map<string, number>();
  for (const action of actions) {
    const tool = /^(\w+)/.exec(action.text)?.[1] ?? 'unknown';
    tools.set(tool, (tools.get(tool) ?? 0) + 1);
  }
  const failures = observations.filter(memory => /^(failed|refused)\b/i.test(memory.text)).length;
  const rooms = [
    ...new Set(
      memories.flatMap(
        memory => /(?:^|\b)(?:arrived in|in) ([A-Z][\w' -]+?)(?:[.:;,]|$)/.exec(memory.text)?.[1] ?? [],
      ),
    ),
  ].slice(0, 5);
  const words = new Map<string, number>();
  for (const memory of memories)
    for (const token of memoryTokens(memory.text))
      if (!/^\d+$/.test(token)) words.set(token, (words.get(token) ?? 0) + 1);
  const topWords = [...words.entries()]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, 6)
    .map(([word]) => word);
  const toolText = [...tools.entries()]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .map(([tool, count]) => `${tool} x${count}`)
    .join(', ');
  const parts = [
    `Reflection on the last ${memories.length} memories: ${actions.length} actions (${toolText || 'none'}), ${observations.length} observations, ${failures} failed or refused.`,
  ];
  if (rooms.length > 0) parts.push(`Places: ${rooms.join(', ')}.`);
  if (topWords.length > 0) parts.push(`On my mind: ${topWords.join(', ')}.`);
  const mean = memories.reduce((sum, memory) => sum + memory.importance, 0) / Math.max(1, memories.length);
  return { text: parts.join(' '), importance: Math.min(10, Math.round(mean) + 2 + (failures > 0 ? 1 : 0)) };
}
