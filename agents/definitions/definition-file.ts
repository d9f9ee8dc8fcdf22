/**
 * Reading a lineage file (agents/lineage.yaml by default): YAML text → validated agent definitions,
 * every error naming the file, the line, the path inside the file and what was expected, as world
 * files do (world-seed/world-file.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../supervisor/paths.ts';
import { issueLines, parseYamlSource } from '../../supervisor/yaml-source.ts';
import { AgentError } from '../runtime/errors.ts';
import { type AgentDefinition, type LineageFile, LineageFileSchema } from './agent-definition.ts';

/** The default lineage: Timmy, Allegro, Allegro-Primus, Ezra and Bezalel. */
export const DEFAULT_LINEAGE_FILE = path.join(projectRoot, 'agents', 'lineage.yaml');

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
  const parsed = parseYamlSource(text, name);
  if (!parsed.ok) {
    throw new AgentError(
      'AGENT_ERR_DEFINITION_YAML',
      `${name}:${parsed.line}:${parsed.col}: not valid YAML: ${parsed.message}`,
      { details: { file: name, line: parsed.line } },
    );
  }
  const checked = LineageFileSchema.safeParse(parsed.source.value);
  if (!checked.success) {
    const issues = checked.error.issues;
    throw new AgentError('AGENT_ERR_DEFINITION_SCHEMA', issueLines(issues, parsed.source.where).join('\n'), {
      details: { file: name, issues: issues.map(issue => ({ path: issue.path, message: issue.message })) },
    });
  }
  return checked.data;
}

/** The definition called `name` (case-insensitive), or AGENT_ERR_UNKNOWN_AGENT listing the known ones. */
export function findDefinition(lineage: LineageFile, name: string): AgentDefinition {
  const found = lineage.agents.find(agent => agent.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  throw new AgentError('AGENT_ERR_UNKNOWN_AGENT', `no agent called "${name}"`, {
    fix: `one of: ${lineage.agents.map(agent => agent.name).join(', ')}`,
  });
}
