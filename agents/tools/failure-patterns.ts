/**
 * How Evennia 5.0.1 (with evennia-game) says that a command failed. `cmd_done` only reports commands
 * that did not run (`nomatch`, `multimatch`); a command that ran and refused ("Could not find 'x'.")
 * is still `ok: true` there, so the tools read the text. Every pattern below was seen in captured real
 * output (agents/tools/fixtures/evennia-outputs.json) or is Evennia's documented wording.
 */
import type { CommandResult } from '../../mud-client/index.ts';
import type { ToolObservation } from './tool.ts';

/** Failures any command can report. */
export const COMMON_FAILURES: readonly RegExp[] = [
  /^Command '.*' is not available\./m,
  /^Could not find '.*'\./m,
  /^More than one match for '.*'/m,
  /^There were multiple matches\./m,
  /^Usage: /m,
  /^You can(?:no|')t (?:go|traverse)\b/m,
  /^You are not allowed to /m,
  /^You don't have permission/m,
  /^An untrapped error occurred/m,
];

/** Evennia asks a question and waits for the next line (e.g. "Is this what you intended? [Y]/N?"). */
const QUESTION = /\[Y\]\/N\?\s*$|\[y\/N\]\s*$|\? \[Y\/n\]\s*$/i;

/**
 * The observation for a command result: ok unless one of the failure patterns (common ones first,
 * then the tool's own) matches its text. A result that ends with a yes/no question is not ok either:
 * the command is waiting for an answer the agent did not mean to give.
 */
export function observe(result: CommandResult, toolFailures: readonly RegExp[] = []): ToolObservation {
  const text = result.text.trim();
  if (QUESTION.test(text)) {
    return { ok: false, text: `${text}\n(the command is waiting for an answer)` };
  }
  const failed = [...COMMON_FAILURES, ...toolFailures].some(pattern => pattern.test(text));
  return { ok: !failed, text: text.length > 0 ? text : '(no output)' };
}
