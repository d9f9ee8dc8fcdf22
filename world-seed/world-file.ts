/**
 * Reading a world file: YAML text → a validated `WorldFile`, with every error naming the file, the line,
 * the path inside the file and what was expected.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { projectRoot } from '../supervisor/paths.ts';
import { WorldSeedError } from './errors.ts';
import { type WorldFile, WorldFileSchema } from './world-file-schema.ts';

/** The Timmy world, applied by `npm start` and the default of `timmy world`. */
export const DEFAULT_WORLD_FILE = path.join(projectRoot, 'world-seed', 'timmy-world.yaml');

export type DocumentPath = readonly (string | number)[];

/** A validated world file and where its parts came from, for error messages. */
export interface WorldDocument {
  /** The file name as given (or a label such as `<export>`). */
  name: string;
  world: WorldFile;
  /** `file:line:col` of the node at `at` (or of its nearest ancestor that exists). */
  where(at: DocumentPath): string;
}

/** `areas[0].rooms[2].exits[1].to` */
export function formatPath(at: DocumentPath): string {
  let text = '';
  for (const part of at) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text || '(top level)';
}

export function readWorldFile(file: string): WorldDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WorldSeedError(
      'WORLD_ERR_FILE_UNREADABLE',
      `cannot read the world file ${file}: ${(error as Error).message}`,
      { cause: error, details: { file } },
    );
  }
  return parseWorldFile(text, path.relative(process.cwd(), file) || file);
}

export function parseWorldFile(text: string, name: string): WorldDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const position = lineCounter.linePos(yamlError.pos[0]);
    const at = `${name}:${position.line}:${position.col}`;
    throw new WorldSeedError('WORLD_ERR_YAML', `${at}: not valid YAML: ${firstLine(yamlError.message)}`, {
      details: { file: name, line: position.line },
    });
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
  const parsed = WorldFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const lines = issues
      .slice(0, 10)
      .map(issue => `${where(issue.path as DocumentPath)}: ${describeIssue(issue)}`);
    if (issues.length > 10) lines.push(`... and ${issues.length - 10} more`);
    throw new WorldSeedError('WORLD_ERR_SCHEMA', lines.join('\n'), {
      details: { file: name, issues: issues.map(issue => ({ path: issue.path, message: issue.message })) },
    });
  }
  return { name, world: parsed.data, where };
}

/** `areas[0].rooms[1].exits[0].to: expected string, received number` */
function describeIssue(issue: z.core.$ZodIssue): string {
  const at = formatPath(issue.path as DocumentPath);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map(key => `"${key}"`).join(', ');
    return `${at}: unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (issue.path.at(-1) === 'dbref' && received === 'null')
      return `${at}: expected a dbref in quotes like "#2" (unquoted, # starts a YAML comment)`;
    return `${at}: expected ${issue.expected}${received ? `, got ${received}` : ''}`;
  }
  if (issue.code === 'invalid_union') {
    return `${at}: expected a tag name or { key, category }`;
  }
  return `${at}: ${issue.message}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
