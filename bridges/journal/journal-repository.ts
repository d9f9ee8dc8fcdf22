/**
 * The git side of the journal, through simple-git v4: a local repository (created if missing) into which
 * entries are appended and committed, pushed to a remote over smart HTTP.
 *
 * The token never touches disk: it reaches git per command as an `http.extraHeader` (Basic auth with the
 * token as password, which Gitea accepts for git over HTTP) passed through `GIT_CONFIG_COUNT`/`KEY`/`VALUE`
 * environment variables rather than `-c` arguments, so it is not visible in the process list either. The
 * remote URL in .git/config never carries credentials. Child git processes get a minimal environment
 * (no ambient `GIT_*`, never a terminal prompt).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GitError, type SimpleGit, simpleGit } from 'simple-git';
import { BridgeError, type BridgeErrorCode } from '../errors.ts';

export interface JournalAuthor {
  name: string;
  email: string;
}

export interface JournalRepositoryOptions {
  directory: string;
  branch: string;
  author: JournalAuthor;
  /** Smart-HTTP URL of the remote, without credentials; no remote means commits stay local. */
  remote?: string;
  /** Reads the token when a command needs it (so a rotated token file is picked up). */
  token?: () => string | undefined;
  /** User name sent with the token in Basic auth (Gitea ignores it when the password is a token). */
  username?: string;
  /** Kills a git command that produces no output for this long (default 60 s). */
  timeoutMs?: number;
}

export interface AppendResult {
  /** The commit made, or undefined when an earlier attempt already committed this entry. */
  commit: string | undefined;
  alreadyWritten: boolean;
}

const ALLOWED_ENVIRONMENT = [
  'GIT_TERMINAL_PROMPT',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_KEY_0',
  'GIT_CONFIG_VALUE_0',
];

function baseEnvironment(): Record<string, string> {
  const environment: Record<string, string> = { GIT_TERMINAL_PROMPT: '0' };
  for (const name of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) environment[name] = value;
  }
  return environment;
}

/** Refuses a remote URL with a user name or password in it (it would land in .git/config). */
export function assertCleanRemote(remote: string): void {
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return; // scp-like ssh remote (git@host:owner/name.git): no HTTP credentials to leak
  }
  if (url.username || url.password) {
    throw new BridgeError(
      'BRIDGE_ERR_CONFIG_INVALID',
      'journal',
      'journal.remote must not contain credentials',
      {
        fix: 'remove user:password@ from journal.remote and put the token in journal.tokenFile (mode 0600)',
      },
    );
  }
}

/**
 * Whether waiting cannot fix a journal git failure: a refused token, a remote repository that does not
 * exist, a push rejected because the remote branch diverged. Everything else (down, timeout, 5xx) is retried.
 */
export function isPermanentGitFailure(error: unknown): boolean {
  return (
    error instanceof BridgeError &&
    (error.code === 'BRIDGE_ERR_AUTH_FAILED' ||
      error.code === 'BRIDGE_ERR_CONFIG_INVALID' ||
      error.code === 'BRIDGE_ERR_GIT_REJECTED')
  );
}

export class JournalRepository {
  readonly directory: string;
  readonly branch: string;
  private readonly options: JournalRepositoryOptions;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: JournalRepositoryOptions) {
    if (options.remote) assertCleanRemote(options.remote);
    this.options = options;
    this.directory = path.resolve(options.directory);
    this.branch = options.branch;
  }

  get hasRemote(): boolean {
    return Boolean(this.options.remote);
  }

  /** Creates the directory and repository if missing and points `origin` at the configured remote. */
  ensure(): Promise<void> {
    return this.serially(() => this.ensureNow());
  }

  /**
   * Appends `text` to `relativeFile` unless the file already contains `marker`, and commits it.
   * Safe to repeat after a crash at any point: the marker and "commit only when staged" make it idempotent.
   */
  append(relativeFile: string, text: string, marker: string, message: string): Promise<AppendResult> {
    return this.serially(async () => {
      await this.ensureNow();
      const file = path.join(this.directory, relativeFile);
      mkdirSync(path.dirname(file), { recursive: true });
      const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const alreadyWritten = current.includes(marker);
      if (!alreadyWritten) writeFileSync(file, current + text);
      const git = this.git();
      await this.run('commit', () => git.add(relativeFile));
      const staged = (await this.run('status', () => git.status())).staged;
      if (staged.length === 0) return { commit: undefined, alreadyWritten };
      const result = await this.run('commit', () => git.commit(message, [relativeFile]));
      return { commit: result.commit || undefined, alreadyWritten };
    });
  }

  /** Pushes the current branch to `origin`; a no-op success when the remote is up to date. */
  push(): Promise<{ pushed: boolean }> {
    return this.serially(async () => {
      await this.ensureNow();
      if (!this.options.remote) return { pushed: false };
      const result = await this.run('push', () =>
        this.remoteGit().push('origin', `HEAD:refs/heads/${this.branch}`),
      );
      return { pushed: result.pushed.length > 0 || result.update !== undefined };
    });
  }

  /** The refs of the remote (`git ls-remote`), to check that it is reachable and the token accepted. */
  async lsRemote(): Promise<string[]> {
    const remote = this.options.remote;
    if (!remote) return [];
    const output = await this.run('ls-remote', () =>
      simpleGit({ ...this.remoteConfig(), baseDir: process.cwd() })
        .env(this.environment(true))
        .listRemote([remote]),
    );
    return output
      .split('\n')
      .map(line => line.split('\t')[1])
      .filter((ref): ref is string => Boolean(ref));
  }

  private async ensureNow(): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
    const git = this.git();
    if (!existsSync(path.join(this.directory, '.git'))) {
      await this.run('init', () => git.init(['--initial-branch', this.branch]));
    }
    const remote = this.options.remote;
    if (!remote) return;
    const remotes = await this.run('remote', () => git.getRemotes(true));
    const origin = remotes.find(entry => entry.name === 'origin');
    if (!origin) await this.run('remote', () => git.addRemote('origin', remote));
    else if (origin.refs.push !== remote || origin.refs.fetch !== remote)
      await this.run('remote', () => git.remote(['set-url', 'origin', remote]));
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private remoteConfig() {
    return {
      allowEnvironment: ALLOWED_ENVIRONMENT,
      unsafe: { allowUnsafeConfigEnvCount: true },
      timeout: { block: this.options.timeoutMs ?? 60_000 },
    };
  }

  private git(): SimpleGit {
    const { name, email } = this.options.author;
    return simpleGit({
      baseDir: this.directory,
      allowEnvironment: ALLOWED_ENVIRONMENT,
      config: [`user.name=${name}`, `user.email=${email}`, 'commit.gpgsign=false'],
      timeout: { block: this.options.timeoutMs ?? 60_000 },
    }).env(this.environment(false));
  }

  private remoteGit(): SimpleGit {
    return simpleGit({ ...this.remoteConfig(), baseDir: this.directory }).env(this.environment(true));
  }

  private environment(withToken: boolean): Record<string, string> {
    const environment = baseEnvironment();
    const token = withToken ? this.options.token?.() : undefined;
    if (token) {
      const basic = Buffer.from(`${this.options.username ?? 'timmy'}:${token}`).toString('base64');
      environment.GIT_CONFIG_COUNT = '1';
      environment.GIT_CONFIG_KEY_0 = 'http.extraHeader';
      environment.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
    }
    return environment;
  }

  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw this.classify(operation, error);
    }
  }

  /** Maps a git failure to a `BridgeError` with the token scrubbed (see `isPermanentGitFailure`). */
  classify(operation: string, error: unknown): BridgeError {
    if (error instanceof BridgeError) return error;
    const token = this.options.token?.();
    let text = error instanceof GitError || error instanceof Error ? error.message : String(error);
    if (token) text = text.split(token).join('***');
    text = text.trim().split('\n').slice(-3).join(' / ');
    const remote = this.options.remote ?? '(no remote)';
    const make = (code: BridgeErrorCode, fix?: string) =>
      new BridgeError(code, 'journal', `git ${operation} failed: ${text}`, fix ? { fix } : {});
    if (/Authentication failed|returned error: 40[13]|could not read Username|403 Forbidden/i.test(text))
      return make(
        'BRIDGE_ERR_AUTH_FAILED',
        `check the token in journal.tokenFile; it needs write access to ${remote}`,
      );
    if (/block timeout reached|timed out/i.test(text)) return make('BRIDGE_ERR_TIMEOUT');
    if (
      /Could not resolve host|Failed to connect|Connection refused|Couldn't connect|Connection reset|Empty reply/i.test(
        text,
      )
    )
      return make('BRIDGE_ERR_UNREACHABLE', `check that ${remote} is up and reachable from this machine`);
    if (/returned error: 5\d\d/i.test(text)) return make('BRIDGE_ERR_HTTP_STATUS');
    if (/returned error: 404|not found|does not appear to be a git repository/i.test(text))
      return make('BRIDGE_ERR_CONFIG_INVALID', `create the repository ${remote} or fix journal.remote`);
    if (/\[rejected\]|non-fast-forward|fetch first/i.test(text))
      return make(
        'BRIDGE_ERR_GIT_REJECTED',
        `the remote branch ${this.branch} has diverged: run git pull --rebase in ${this.directory}`,
      );
    return make('BRIDGE_ERR_GIT_FAILED');
  }
}
