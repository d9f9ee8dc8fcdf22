/**
 * What the model may answer, as JSON Schema: for `format` (Ollama compiles it into a grammar that
 * constrains sampling) a union with one branch per offered tool, `{tool, input, reason}`, where `tool`
 * is that tool's name and `input` that tool's input schema; for native tool calls the same tools in
 * Ollama's `tools` shape. Keywords the grammar compiler may not handle (`pattern`, `format`) are left
 * out: every answer is validated with the tool's zod schema afterwards anyway.
 */
import type { Tool } from 'ollama';
import type { OfferedTool } from '../../tools/tool.ts';

export const REASON_MAX_LENGTH = 200;

const DROPPED_KEYWORDS = new Set(['$schema', '$id', 'pattern', 'format']);

/** A copy of a JSON Schema without the keywords a sampling grammar should not see. */
export function grammarSafeSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(grammarSafeSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !DROPPED_KEYWORDS.has(key))
      .map(([key, value]) => [key, grammarSafeSchema(value)]),
  );
}

function inputSchema(tool: OfferedTool): Record<string, unknown> {
  const schema = grammarSafeSchema(tool.inputSchema) as Record<string, unknown>;
  return schema.type ? schema : { type: 'object', ...schema };
}

/** The `format` schema: exactly one of the offered tools, with its input and a short reason. */
export function decisionSchema(tools: readonly OfferedTool[]): Record<string, unknown> {
  const branches = tools.map(tool => ({
    type: 'object',
    properties: {
      tool: { type: 'string', const: tool.definition.name },
      input: inputSchema(tool),
      reason: { type: 'string', maxLength: REASON_MAX_LENGTH },
    },
    required: ['tool', 'input', 'reason'],
    additionalProperties: false,
  }));
  const [only] = branches;
  return branches.length === 1 && only ? only : { anyOf: branches };
}

/** The offered tools as Ollama native tool definitions. */
export function nativeTools(tools: readonly OfferedTool[]): Tool[] {
  return tools.map(tool => ({
    type: 'function',
    function: {
      name: tool.definition.name,
      description: tool.description,
      parameters: inputSchema(tool) as NonNullable<Tool['function']['parameters']>,
    },
  }));
}
