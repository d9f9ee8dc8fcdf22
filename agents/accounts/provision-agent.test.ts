import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { OobEvent } from '../../mud-client/index.ts';
import { agentPaths } from '../runtime/agent-paths.ts';
import { AgentError } from '../runtime/errors.ts';
import { provisionAgent } from './provision-agent.ts';

let directory: string;

/** Answers agent_provision as the server's contract says (created the first time only). */
function admin(reply: (kwargs: Record<string, unknown>) => Record<string, unknown>) {
  const calls: { request: string; kwargs: Record<string, unknown> }[] = [];
  return {
    calls,
    async request(name: string, kwargs: Record<string, unknown> = {}): Promise<OobEvent> {
      calls.push({ request: name, kwargs });
      return { kind: 'oob', name, args: [], kwargs: { requestId: 'r1', ...reply(kwargs) } };
    },
  };
}

const ezra = { name: 'Ezra', builder: false, parent: 'Timmy', role: 'mentor' };

describe('provisionAgent', () => {
  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-provision-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  test('sends a random password kept in a 0600 file, and the same one when provisioned again', async () => {
    const paths = agentPaths('Ezra', directory);
    let created = true;
    const server = admin(() => {
      const reply = { ok: true, account: 'Ezra', character: { dbref: '#42', key: 'Ezra' }, created };
      created = false;
      return reply;
    });
    const first = await provisionAgent(server, ezra, paths);
    const second = await provisionAgent(server, ezra, paths);
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(statSync(paths.password).mode & 0o777, 0o600);
    assert.ok(first.password.length >= 24);
    assert.equal(second.password, first.password);
    assert.deepEqual(server.calls[0], {
      request: 'agent_provision',
      kwargs: { name: 'Ezra', password: first.password, builder: false, role: 'mentor', parent: 'Timmy' },
    });
  });

  test('turns a refusal into AGENT_ERR_PROVISION with the server reason, without the password', async () => {
    const paths = agentPaths('Ezra', directory);
    const server = admin(() => ({
      ok: false,
      code: 'forbidden',
      error: 'agent_provision needs a privileged account',
    }));
    await assert.rejects(provisionAgent(server, ezra, paths), (error: unknown) => {
      assert.ok(error instanceof AgentError);
      assert.equal(error.code, 'AGENT_ERR_PROVISION');
      assert.match(error.message, /needs a privileged account/);
      assert.equal(error.message.includes(String(server.calls[0]?.kwargs.password)), false);
      return true;
    });
  });
});
