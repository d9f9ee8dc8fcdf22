/**
 * Loads the bridge configuration: `timmy.bridges.yaml` at the project root (or the file named by
 * `TIMMY_BRIDGES_FILE`), validated with zod, relative paths resolved against the file's folder, and every
 * secret source checked (0600 file or environment variable). Every error names the file, the line and
 * the path of the offending setting. Without a file, every bridge is off.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../supervisor/paths.ts';
import { type DocumentPath, formatPath, issueLines, parseYamlSource } from '../../supervisor/yaml-source.ts';
import { BridgeError } from '../errors.ts';
import { systemTimeZone } from '../journal/local-time.ts';
import { type BridgesFile, BridgesFileSchema } from './bridges-config-schema.ts';
import { type SecretSource, secretSource } from './secret-source.ts';

export const DEFAULT_BRIDGES_FILE = 'timmy.bridges.yaml';

export interface GiteaConfig {
  url: string;
  owner: string;
  name: string;
  /** Undefined when no token is configured (the doctor says so; writes need one). */
  token: SecretSource | undefined;
  webhook?: { host: string; port: number; secret: SecretSource | undefined };
}

export interface NostrConfig {
  relays: string[];
  operators: string[];
  heartbeatKind1: boolean;
}

export interface JournalConfig {
  directory: string;
  remote: string | undefined;
  branch: string;
  token: SecretSource | undefined;
  timeZone: string;
  author: { name: string; email: string };
}

export interface OutboxConfig {
  file: string;
  maxAttempts: number;
}

export interface BridgesConfig {
  /** The file read, or undefined when there is none (every bridge off). */
  file: string | undefined;
  gitea?: GiteaConfig;
  nostr?: NostrConfig;
  journal?: JournalConfig;
  outbox: OutboxConfig;
}

/** The file `loadBridgesConfig` reads: `TIMMY_BRIDGES_FILE`, else timmy.bridges.yaml at the project root. */
export function bridgesConfigFile(
  environment: NodeJS.ProcessEnv = process.env,
  root = projectRoot,
): { file: string; explicit: boolean } {
  const named = environment.TIMMY_BRIDGES_FILE?.trim();
  return named
    ? { file: path.resolve(named), explicit: true }
    : { file: path.join(root, DEFAULT_BRIDGES_FILE), explicit: false };
}

/**
 * @param options.file read this file (it must exist) instead of the default
 * @param options.root the folder of the default file (the project root)
 */
export function loadBridgesConfig(
  options: { file?: string; root?: string; environment?: NodeJS.ProcessEnv } = {},
): BridgesConfig {
  const environment = options.environment ?? process.env;
  const { file, explicit } = options.file
    ? { file: path.resolve(options.file), explicit: true }
    : bridgesConfigFile(environment, options.root);
  if (!existsSync(file)) {
    if (explicit) {
      throw new BridgeError(
        'BRIDGE_ERR_CONFIG_INVALID',
        'config',
        `the bridges file ${file} does not exist`,
        {
          fix: `create it from bridges/config/example.yaml, or unset TIMMY_BRIDGES_FILE`,
        },
      );
    }
    return { file: undefined, outbox: resolveOutbox(undefined, path.dirname(file)) };
  }
  return parseBridgesConfig(readFileSync(file, 'utf8'), file, environment);
}

export function parseBridgesConfig(
  text: string,
  file: string,
  environment: NodeJS.ProcessEnv = process.env,
): BridgesConfig {
  const name = path.relative(process.cwd(), file) || file;
  const source = parseYamlSource(text, name);
  if (!source.ok) {
    throw new BridgeError(
      'BRIDGE_ERR_CONFIG_INVALID',
      'config',
      `${name}:${source.line}:${source.col}: not valid YAML: ${source.message}`,
    );
  }
  const where = (at: DocumentPath): string => `${source.source.where(at)} ${formatPath(at)}`;
  const parsed = BridgesFileSchema.safeParse(source.source.value ?? {});
  if (!parsed.success) {
    throw new BridgeError(
      'BRIDGE_ERR_CONFIG_INVALID',
      'config',
      issueLines(parsed.error.issues, where, issue => issue.message).join('\n'),
      { fix: 'compare with bridges/config/example.yaml' },
    );
  }
  return resolveConfig(parsed.data, file, where, environment);
}

function resolveOutbox(section: BridgesFile['outbox'], base: string): OutboxConfig {
  return {
    file: path.resolve(base, section?.file ?? '.timmy/bridges/outbox.sqlite'),
    maxAttempts: section?.maxAttempts ?? 8,
  };
}

function resolveConfig(
  data: BridgesFile,
  file: string,
  where: (at: DocumentPath) => string,
  environment: NodeJS.ProcessEnv,
): BridgesConfig {
  const base = path.dirname(file);
  const config: BridgesConfig = { file, outbox: resolveOutbox(data.outbox, base) };
  const resolve = (value: string | undefined) =>
    value === undefined ? undefined : path.resolve(base, value);
  if (data.gitea) {
    const { gitea } = data;
    const [owner = '', name = ''] = gitea.repository.split('/');
    config.gitea = {
      url: gitea.url.replace(/\/+$/, ''),
      owner,
      name,
      token: secretSource(
        {
          bridge: 'gitea',
          label: 'the Gitea token',
          environmentVariable: gitea.tokenEnv,
          where: where(['gitea', 'tokenFile']),
          ...(gitea.tokenFile ? { file: resolve(gitea.tokenFile) } : {}),
        },
        environment,
      ),
      ...(gitea.webhook
        ? {
            webhook: {
              host: gitea.webhook.host,
              port: gitea.webhook.port,
              secret: secretSource(
                {
                  bridge: 'gitea',
                  label: 'the Gitea webhook secret',
                  environmentVariable: gitea.webhook.secretEnv,
                  where: where(['gitea', 'webhook', 'secretFile']),
                  ...(gitea.webhook.secretFile ? { file: resolve(gitea.webhook.secretFile) } : {}),
                },
                environment,
              ),
            },
          }
        : {}),
    };
  }
  if (data.nostr) {
    config.nostr = {
      relays: data.nostr.relays,
      operators: data.nostr.operators,
      heartbeatKind1: data.nostr.heartbeatKind1,
    };
  }
  if (data.journal) {
    const { journal } = data;
    if (journal.remote) {
      let credentials = false;
      try {
        const url = new URL(journal.remote);
        credentials = Boolean(url.username || url.password);
      } catch {}
      if (credentials) {
        throw new BridgeError(
          'BRIDGE_ERR_CONFIG_INVALID',
          'config',
          `${where(['journal', 'remote'])}: the remote URL must not contain credentials`,
          { fix: 'remove user:password@ from the URL and put the token in journal.tokenFile (mode 0600)' },
        );
      }
    }
    config.journal = {
      directory: path.resolve(base, journal.directory),
      remote: journal.remote,
      branch: journal.branch,
      token: secretSource(
        {
          bridge: 'journal',
          label: 'the journal token',
          environmentVariable: journal.tokenEnv,
          where: where(['journal', 'tokenFile']),
          ...(journal.tokenFile ? { file: resolve(journal.tokenFile) } : {}),
        },
        environment,
      ),
      timeZone: journal.timeZone ?? systemTimeZone(),
      author: journal.author,
    };
  }
  return config;
}
