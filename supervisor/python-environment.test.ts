import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SupervisorError } from './errors.ts';
import { ensurePythonEnvironment, evenniaEnvironment, findPython } from './python-environment.ts';

/** A fake interpreter that answers the probe with a given version and venv availability. */
function fakePython(answer: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'timmy-python-')), 'python');
  writeFileSync(file, `#!/bin/sh\necho "${answer}"\n`);
  chmodSync(file, 0o755);
  return file;
}

const isPythonMissing = (pattern: RegExp) => (error: unknown) =>
  error instanceof SupervisorError &&
  error.code === 'SUPERVISOR_ERR_PYTHON_MISSING' &&
  pattern.test(error.fix ?? '');

describe('the Python environment', () => {
  test('is refused with the install command when no Python is found', async () => {
    const environment = { ...process.env, TIMMY_PYTHON: '/nonexistent/python3.11' };
    assert.equal(await findPython(environment), undefined);
    await assert.rejects(
      ensurePythonEnvironment(() => {}, environment),
      isPythonMissing(/apt-get install python3/),
    );
  });

  test('is refused when the only Python is older than 3.11', async () => {
    const environment = { ...process.env, TIMMY_PYTHON: fakePython('3.10.12 1') };
    assert.equal(await findPython(environment), undefined);
  });

  test('is refused with python3-venv named when Python lacks the venv module', async () => {
    const environment = { ...process.env, TIMMY_PYTHON: fakePython('3.11.2 0') };
    assert.deepEqual(await findPython(environment), {
      command: environment.TIMMY_PYTHON,
      version: '3.11.2',
      hasVenv: false,
    });
    await assert.rejects(
      ensurePythonEnvironment(() => {}, environment),
      isPythonMissing(/python3-venv/),
    );
  });

  test('puts the venv first on PATH so the launcher finds twistd', () => {
    const environment = evenniaEnvironment({ PATH: '/usr/bin', TIMMY_VENV_DIR: '/opt/venv' });
    assert.equal(environment.PATH, '/opt/venv/bin:/usr/bin');
    assert.equal(environment.VIRTUAL_ENV, '/opt/venv');
  });
});
