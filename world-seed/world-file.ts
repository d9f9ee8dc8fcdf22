/**
 * Reading a world file: YAML text → a validated `WorldFile`, with every error naming the file, the line,
 * the path inside the file and what was expected.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { projectRoot } from '../supervisor/paths.ts';
import {
  type DocumentPath,
  describeIssue,
  formatPath,
  issueLines,
  parseYamlSource,
} from '../supervisor/yaml-source.ts';
import { WorldSeedError } from './errors.ts';
import { type WorldFile, WorldFileSchema } from './world-file-schema.ts';

/** The Timmy world, applied by `npm start` and the default of `timmy world`. */
export const DEFAULT_WORLD_FILE = path.join(projectRoot, 'world-seed', 'timmy-world.yaml');

export { type DocumentPath, formatPath };

/** A validated world file and where its parts came from, for error messages. */
export interface WorldDocument {
  /** The file name as given (or a label such as `<export>`). */
  name: string;
  world: WorldFile;
  /** `file:line:col` of the node at `at` (or of its nearest ancestor that exists). */
  where(at: DocumentPath): string;
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
  const parsed = parseYamlSource(text, name);
  if (!parsed.ok) {
    throw new WorldSeedError(
      'WORLD_ERR_YAML',
      `${name}:${parsed.line}:${parsed.col}: not valid YAML: ${parsed.message}`,
      {
        details: { file: name, line: parsed.line },
      },
    );
  }
  const { where } = parsed.source;
  const checked = WorldFileSchema.safeParse(parsed.source.value);
  if (!checked.success) {
    const issues = checked.error.issues;
    throw new WorldSeedError('WORLD_ERR_SCHEMA', issueLines(issues, where, describeWorldIssue).join('\n'), {
      details: { file: name, issues: issues.map(issue => ({ path: issue.path, message: issue.message })) },
    });
  }
  return { name, world: checked.data, where };
}

/** The world file's own hints (a dbref unquoted, a tag), else the common description. */
function describeWorldIssue(issue: z.core.$ZodIssue): string {
  const at = formatPath(issue.path as DocumentPath);
  if (issue.code === 'invalid_type' && issue.path.at(-1) === 'dbref' && /received null/.test(issue.message))
    return `${at}: expected a dbref in quotes like "#2" (unquoted, # starts a YAML comment)`;
  if (issue.code === 'invalid_union') return `${at}: expected a tag name or { key, category }`;
  return describeIssue(issue);
}
