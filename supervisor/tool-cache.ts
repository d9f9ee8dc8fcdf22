import os from 'node:os';
import path from 'node:path';

/**
 * Where built third-party tools (Ollama, Gitea, the Nostr relay) and downloaded model files are kept,
 * shared by every checkout of this user so that a second clone or a CI re-run does not rebuild them:
 * `TIMMY_TOOL_CACHE`, else `$XDG_CACHE_HOME/timmy`, else `~/.cache/timmy`. Entries are keyed by
 * name, pinned version and build flags, so a new pin never reuses an old build.
 */
export function toolCacheDir(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.TIMMY_TOOL_CACHE) return path.resolve(environment.TIMMY_TOOL_CACHE);
  const base = environment.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'timmy');
}

/** The cache directory of one tool at one version, e.g. `toolDir('ollama', 'v0.11.4-native')`. */
export function toolDir(name: string, key: string, environment: NodeJS.ProcessEnv = process.env) {
  return path.join(toolCacheDir(environment), name, key);
}
