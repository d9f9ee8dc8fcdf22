import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { isBridgeError } from '../errors.ts';
import {
  provisionWardenCredentials,
  readWardenCredentials,
  wardenCredentialsFile,
} from './warden-credentials.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'warden-credentials-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe('warden credentials', () => {
  test('live under the state directory by default', () => {
    assert.equal(
      wardenCredentialsFile({ TIMMY_STATE_DIR: '/srv/timmy' }),
      path.join('/srv/timmy', 'secrets', 'warden.json'),
    );
  });

  test('a provisioned password is random, given to the game and stored 0600', async () => {
    const file = path.join(directory, 'one', 'warden.json');
    const given: string[] = [];
    const first = await provisionWardenCredentials(file, async password => {
      given.push(password);
      return { username: 'timmy-warden', created: true };
    });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readWardenCredentials(file), { username: 'timmy-warden', password: given[0] });
    assert.ok((given[0] ?? '').length >= 24);
    const second = await provisionWardenCredentials(file, async password => {
      given.push(password);
      return { username: 'timmy-warden', created: false };
    });
    assert.notEqual(second.password, first.password);
    assert.equal(readWardenCredentials(file)?.password, second.password);
  });

  test('nothing is stored when the game refuses to provision', async () => {
    const file = path.join(directory, 'refused', 'warden.json');
    await assert.rejects(
      provisionWardenCredentials(file, async () => {
        throw new Error('forbidden');
      }),
      /forbidden/,
    );
    assert.equal(existsSync(file), false);
    assert.equal(readWardenCredentials(file), undefined);
  });

  test('a malformed file is a configuration error that does not show its content', () => {
    const file = path.join(directory, 'bad.json');
    writeFileSync(file, '{"username": "timmy-warden", "password": "short-secret"}');
    assert.throws(
      () => readWardenCredentials(file),
      error => {
        assert.ok(isBridgeError(error, 'BRIDGE_ERR_CONFIG_INVALID'));
        assert.doesNotMatch(error.message, /short-secret/);
        assert.match(error.fix ?? '', /delete/);
        return true;
      },
    );
    assert.equal(readFileSync(file, 'utf8').includes('short-secret'), true);
  });
});
