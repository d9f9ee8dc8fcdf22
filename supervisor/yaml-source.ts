/**
 * Timmy's YAML files (the world file, the lineage file, timmy.bridges.yaml) are read the same way: parsed
 * with source positions, so that every error names the file, the line and column, the path inside the
 * document and what was expected. Each reader maps these results onto its own error class.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

export type DocumentPath = readonly (string | number)[];

/** `areas[0].rooms[1].exits[0].to` */
export function formatPath(at: DocumentPath): string {
  let text = '';
  for (const part of at) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text || '(top level)';
}

export interface YamlSource {
  /** The name errors use (a path relative to the working directory). */
  name: string;
  /** The document as plain JavaScript values. */
  value: unknown;
  /** `file:line:col` of the deepest node that exists along `at` (the file name alone if none). */
  where(at: DocumentPath): string;
}

export type YamlParse =
  | { ok: true; source: YamlSource }
  | { ok: false; line: number; col: number; message: string };

/** Parses YAML text (duplicate keys refused); a syntax error comes back with its position. */
export function parseYamlSource(text: string, name: string): YamlParse {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    return { ok: false, line, col, message: yamlError.message.split('\n')[0] ?? yamlError.message };
  }
  const where = (at: DocumentPath): string => {
    for (let length = at.length; length >= 0; length--) {
      const node = document.getIn(at.slice(0, length), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return `${name}:${line}:${col}`;
      }
    }
    return name;
  };
  return { ok: true, source: { name, value: document.toJS(), where } };
}

/** `rooms[1].key: expected string, got number`, `agents[0]: unknown key "colour"`, or zod's message. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const at = formatPath(issue.path as DocumentPath);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map(key => `"${key}"`).join(', ');
    return `${at}: unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    return `${at}: expected ${issue.expected}${received ? `, got ${received}` : ''}`;
  }
  return `${at}: ${issue.message}`;
}

/** One `file:line:col: ...` line per schema issue, the first ten, then how many more. */
export function issueLines(
  issues: readonly z.core.$ZodIssue[],
  where: (at: DocumentPath) => string,
  describe: (issue: z.core.$ZodIssue) => string = describeIssue,
): string[] {
  const lines = issues.slice(0, 10).map(issue => `${where(issue.path as DocumentPath)}: ${describe(issue)}`);
  if (issues.length > 10) lines.push(`... and ${issues.length - 10} more`);
  return lines;
}
