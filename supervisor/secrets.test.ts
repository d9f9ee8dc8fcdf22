import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SupervisorError } from './errors.ts';
import { ensureSecretSettings, ensureSuperuserCredentials } from './secrets.ts';

const temporary = () => mkdtempSync(path.join(os.tmpdir(), 'timmy-secrets-'));

describe('secrets', () => {
  test('the superuser gets a random password stored 0600 and reused on the next run', () => {
    const file = path.join(temporary(), 'secrets', 'superuser.json');
    const first = ensureSuperuserCredentials(file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.ok(first.password.length >= 24);
    assert.deepEqual(ensureSuperuserCredentials(file), first);
    assert.notEqual(
      ensureSuperuserCredentials(path.join(temporary(), 'other.json')).password,
      first.password,
    );
  });

  test('a damaged credentials file is a clear configuration error, not a new password', () => {
    const file = path.join(temporary(), 'superuser.json');
    writeFileSync(file, '{"username": "x"}');
    assert.throws(
      () => ensureSuperuserCredentials(file),
      (error: unknown) => error instanceof SupervisorError && error.code === 'SUPERVISOR_ERR_BAD_CONFIG',
    );
  });

  test("the game's secret settings get a random SECRET_KEY, mode 0600, written once", () => {
    const gameDir = temporary();
    mkdirSync(path.join(gameDir, 'server', 'conf'), { recursive: true });
    ensureSecretSettings(gameDir);
    const file = path.join(gameDir, 'server', 'conf', 'secret_settings.py');
    const content = readFileSync(file, 'utf8');
    assert.match(content, /^SECRET_KEY = "[0-9a-f]{72}"$/m);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    ensureSecretSettings(gameDir);
    assert.equal(readFileSync(file, 'utf8'), content);
  });
});
