import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMANDS, main } from './main.ts';

async function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...parts: unknown[]) => out.push(parts.join(' '));
  console.error = (...parts: unknown[]) => err.push(parts.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('the timmy command line', () => {
  for (const command of COMMANDS) {
    test(`"timmy ${command.name} --help" prints its usage and exits 0`, async () => {
      const result = await capture([command.name, '--help']);
      assert.equal(result.code, 0);
      assert.match(result.out, new RegExp(`^Usage: timmy ${command.name}`));
    });
  }

  test('lists every command when run without one, exiting 2', async () => {
    const result = await capture([]);
    assert.equal(result.code, 2);
    for (const command of COMMANDS) assert.match(result.out, new RegExp(`\\n  ${command.name} `));
  });

  test('rejects an unknown command with exit code 2', async () => {
    const result = await capture(['fly']);
    assert.equal(result.code, 2);
    assert.match(result.err, /unknown command "fly"/);
  });

  test('rejects an unknown option with a one-line error pointing at --help', async () => {
    const result = await capture(['doctor', '--colour']);
    assert.equal(result.code, 2);
    assert.equal(result.err.split('\n').length, 1);
    assert.match(result.err, /timmy doctor: .*--colour.*\(see timmy doctor --help\)/);
  });

  test('rejects an unknown evennia action', async () => {
    const result = await capture(['evennia', 'explode']);
    assert.equal(result.code, 2);
    assert.match(result.err, /expected one of start, stop, reload, status, logs, migrate, test/);
  });
});
