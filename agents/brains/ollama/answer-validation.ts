/**
 * Every answer of a model is checked against exactly the tools offered at this step: the shape
 * `{tool, input, reason}`, a tool that was offered, an input its zod schema accepts (the room-narrowed
 * one when the runtime gave it). Anything else is a reason to fall back, never a decision.
 */
import { z } from 'zod';
import type { OfferedTool } from '../../tools/tool.ts';
import { REASON_MAX_LENGTH } from './decision-schema.ts';

export type ValidatedAnswer =
  | { ok: true; tool: string; input: unknown; reason: string }
  | { ok: false; reason: string };

const AnswerShape = z.object({
  tool: z.string().min(1),
  input: z.unknown().optional(),
  reason: z.string().optional(),
});

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map(issue => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

/** Checks a parsed answer (`{tool, input, reason}`, or a native tool call turned into that shape). */
export function validateAnswer(answer: unknown, tools: readonly OfferedTool[]): ValidatedAnswer {
  const shape = AnswerShape.safeParse(answer);
  if (!shape.success) return { ok: false, reason: `invalid answer: ${issuesText(shape.error)}` };
  const { tool: name, input = {}, reason = '' } = shape.data;
  const offered = tools.find(tool => tool.definition.name === name);
  if (!offered) {
    const names = tools.map(tool => tool.definition.name).join(', ');
    return {
      ok: false,
      reason: `invalid answer: tool "${name.slice(0, 40)}" was not offered (offered: ${names})`,
    };
  }
  const schema = offered.input ?? offered.definition.input;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, reason: `invalid answer: bad input for ${name}: ${issuesText(parsed.error)}` };
  }
  return { ok: true, tool: name, input: parsed.data, reason: reason.trim().slice(0, REASON_MAX_LENGTH) };
}

/** Parses a model's text answer as JSON without throwing. */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'invalid answer: empty reply' };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false, reason: `invalid answer: not JSON (${JSON.stringify(trimmed.slice(0, 60))})` };
  }
}
