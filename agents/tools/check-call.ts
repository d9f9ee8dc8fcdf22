/**
 * Checks one tool call of a brain against what was offered at this step. A refusal is data: the runtime
 * feeds it back to the brain as an observation (`{ok: false, refused}`) instead of sending anything.
 */
import type { z } from 'zod';
import type { OfferedTool } from './tool.ts';
import { ALL_TOOLS } from './tool-catalogue.ts';

export type CallCheck = { ok: true; tool: OfferedTool; input: unknown } | { ok: false; refused: string };

const REFUSAL_MAX = 500;

/** zod issues as one line: `exit: there is no such exit here; ...`. */
export function describeIssues(error: z.ZodError): string {
  const text = error.issues
    .map(issue => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  return text.length > REFUSAL_MAX ? `${text.slice(0, REFUSAL_MAX - 1)}…` : text;
}

/**
 * `known`: every tool name the agent could ever have (to tell "unknown tool" from "not offered here").
 */
export function checkCall(
  offered: readonly OfferedTool[],
  name: string,
  input: unknown,
  known: readonly string[] = ALL_TOOLS.map(definition => definition.name),
): CallCheck {
  const tool = offered.find(candidate => candidate.definition.name === name);
  const names = offered.map(candidate => candidate.definition.name).join(', ');
  if (!tool) {
    const why = known.includes(name) ? `the tool '${name}' is not available here` : `unknown tool '${name}'`;
    return { ok: false, refused: `${why}; tools here: ${names}`.slice(0, REFUSAL_MAX) };
  }
  const parsed = (tool.input ?? tool.definition.input).safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, refused: `invalid input for ${name}: ${describeIssues(parsed.error)}` };
  }
  return { ok: true, tool, input: parsed.data };
}
