/**
 * Reading a lineage file (agents/lineage.yaml by default): YAML text → validated agent definitions,
 * every error naming the file, the line, the path inside the file and what was expected, as world
 * files do (world-seed/world-file.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { projectRoot } from '../../supervisor/paths.ts';
import { AgentError } from '../runtime/errors.ts';
import { type AgentDefinition, type LineageFile, LineageFileSchema } from './agent-definition.ts';

/** The default lineage: Timmy, Allegro, Allegro-Primus, Ezra and Bezalel. */
export const DEFAULT_LINEAGE_FILE = path.join(projectRoot, 'agents', 'lineage.yaml');

type DocumentPath = readonly (string | number)[];

/** `agents[2].brain.model` */
export function formatPath(at: DocumentPath): string {
  let text = '';
  for (const part of at) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text || '(top level)';
}

export function readLineageFile(file = DEFAULT_LINEAGE_FILE): LineageFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AgentError(
      'AGENT_ERR_DEFINITION_UNREADABLE',
      `cannot read the agent definitions ${file}: ${(error as Error).message}`,
      { cause: error, details: { file } },
    );
  }
  return parseLineageFile(text, path.relative(process.cwd(), file) || file);
}

export function parseLineageFile(text: string, name: string): LineageFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const position = lineCounter.linePos(yamlError.pos[0]);
    throw new AgentError(
      'AGENT_ERR_DEFINITION_YAML',
      `${name}:${position.line}:${position.col}: not valid YAML: ${yamlError.message.split('\n')[0]}`,
      { details: { file: name, line: position.line } },
    );
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
  const parsed = LineageFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const lines = issues
      .slice(0, 10)
      .map(issue => `${where(issue.path as DocumentPath)}: ${describeIssue(issue)}`);
    if (issues.length > 10) lines.push(`... and ${issues.length - 10} more`);
    throw new AgentError('AGENT_ERR_DEFINITION_SCHEMA', lines.join('\n'), {
      details: { file: name, issues: issues.map(issue => ({ path: issue.path, message: issue.message })) },
    });
  }
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
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

/** The definition called `name` (case-insensitive), or AGENT_ERR_UNKNOWN_AGENT listing the known ones. */
export function findDefinition(lineage: LineageFile, name: string): AgentDefinition {
  const found = lineage.agents.find(agent => agent.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  throw new AgentError('AGENT_ERR_UNKNOWN_AGENT', `no agent called "${name}"`, {
    fix: `one of: ${lineage.agents.map(agent => agent.name).join(', ')}`,
  });
}
