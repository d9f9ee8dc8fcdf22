/**
 * Where a bridge secret (a Gitea token, a webhook secret) comes from: an environment variable or a file
 * only its owner can read (mode 0600), never timmy.bridges.yaml itself. The environment variable wins
 * when both are given. A secret file readable by group or others is refused with the `chmod 600` fix.
 */
import { readFileSync, statSync } from 'node:fs';
import { BridgeError, type BridgeErrorSource } from '../errors.ts';

export interface SecretSource {
  /** `environment variable TIMMY_GITEA_TOKEN` or `file /path/to/token` — never the value. */
  readonly description: string;
  /** Reads the secret now (a rotated file is picked up); throws `BRIDGE_ERR_CONFIG_INVALID`. */
  read(): string;
}

export interface SecretSpec {
  bridge: BridgeErrorSource;
  /** What the secret is, for messages: `the Gitea token`. */
  label: string;
  /** Absolute path of the secret file, when configured. */
  file?: string;
  /** Name of the environment variable that may hold it. */
  environmentVariable: string;
  /** Where the setting that named the file is (`timmy.bridges.yaml:4:14 gitea.tokenFile`). */
  where: string;
}

/** Reads a secret file after checking that only its owner can read it. */
export function readSecretFile(file: string, bridge: BridgeErrorSource, label: string): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', bridge, `${label} file ${file} does not exist`, {
      cause: error,
      fix: `write ${label} into ${file} and run chmod 600 ${file}`,
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new BridgeError(
      'BRIDGE_ERR_CONFIG_INVALID',
      bridge,
      `${label} file ${file} can be read by others (mode ${(mode & 0o777).toString(8).padStart(3, '0')}); refusing to use it`,
      { fix: `chmod 600 ${file}` },
    );
  }
  const value = readFileSync(file, 'utf8').trim();
  if (!value) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', bridge, `${label} file ${file} is empty`, {
      fix: `write ${label} into ${file}`,
    });
  }
  return value;
}

/**
 * Resolves a secret source and checks it once now (so a bad setup fails at start, not at the first write).
 * Returns undefined when neither the variable nor a file is given.
 */
export function secretSource(
  spec: SecretSpec,
  environment: NodeJS.ProcessEnv = process.env,
): SecretSource | undefined {
  const fromEnvironment = environment[spec.environmentVariable]?.trim();
  if (fromEnvironment) {
    return { description: `environment variable ${spec.environmentVariable}`, read: () => fromEnvironment };
  }
  const file = spec.file;
  if (!file) return undefined;
  try {
    readSecretFile(file, spec.bridge, spec.label);
  } catch (error) {
    if (error instanceof BridgeError) {
      throw new BridgeError(error.code, error.bridge, `${spec.where}: ${error.message}`, {
        cause: error,
        ...(error.fix ? { fix: error.fix } : {}),
      });
    }
    throw error;
  }
  return { description: `file ${file}`, read: () => readSecretFile(file, spec.bridge, spec.label) };
}
