import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatChecks, nodeCheck } from './doctor.ts';

describe('doctor', () => {
  test('accepts Node 20 and refuses Node 18 with a fix', async () => {
    assert.equal((await nodeCheck('20.20.2')()).status, 'ok');
    const old = await nodeCheck('18.19.0')();
    assert.equal(old.status, 'missing');
    assert.match(old.fix ?? '', /Node\.js 20/);
  });

  test('prints one aligned line per check and the fix under a failing one', () => {
    const text = formatChecks([
      { name: 'Node.js', status: 'ok', detail: 'v20.20.2' },
      { name: 'Python 3.11-3.13', status: 'missing', detail: 'not found', fix: 'apt-get install python3' },
    ]);
    assert.deepEqual(text.split('\n'), [
      'ok      Node.js           v20.20.2',
      'missing Python 3.11-3.13  not found',
      '                          fix: apt-get install python3',
    ]);
  });
});
