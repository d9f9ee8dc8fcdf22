/** What the current task's steps (oldest first) say is already done. */

import { mentions } from '../../knowledge/learn-step.ts';
import { nameScore } from '../../knowledge/names.ts';
import type { StepRecord } from '../brain.ts';

const field = (input: unknown, name: string): string => {
  const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
};
const succeeded = (step: StepRecord) => step.observation.ok && !step.observation.refused;

/** The steps since the agent last walked through an exit (all of them if it never did). */
export function stepsHere(history: readonly StepRecord[]): readonly StepRecord[] {
  const lastMove = history.findLastIndex(step => step.tool === 'go' && succeeded(step));
  return history.slice(lastMove + 1);
}

/** The observation of a successful read of this thing, if there was one. */
export function readOf(history: readonly StepRecord[], thingKey: string): StepRecord | undefined {
  return history.find(
    step => step.tool === 'read' && succeeded(step) && nameScore(field(step.input, 'thing'), thingKey) > 0,
  );
}

export function greetedIn(history: readonly StepRecord[], characterKey: string): boolean {
  return history.some(
    step => step.tool === 'say' && succeeded(step) && mentions(field(step.input, 'text'), characterKey),
  );
}

export function saidHere(history: readonly StepRecord[], text: string): boolean {
  return stepsHere(history).some(
    step => step.tool === 'say' && succeeded(step) && field(step.input, 'text') === text,
  );
}

export function wroteHere(history: readonly StepRecord[], text: string): boolean {
  return stepsHere(history).some(
    step => step.tool === 'write' && succeeded(step) && field(step.input, 'text') === text,
  );
}

export function lookedHere(history: readonly StepRecord[]): boolean {
  return stepsHere(history).some(
    step => step.tool === 'look' && succeeded(step) && field(step.input, 'target') === '',
  );
}

export function paged(history: readonly StepRecord[], character: string, text: string): boolean {
  return history.some(
    step =>
      step.tool === 'page' &&
      succeeded(step) &&
      nameScore(field(step.input, 'character'), character) > 0 &&
      field(step.input, 'text') === text,
  );
}
