import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateIdentity } from './agent-key.ts';
import { nip04TaskEvent, readNip04Task } from './nip04-task.ts';

const agent = generateIdentity();
const operator = generateIdentity();
const stranger = generateIdentity();
const authorised = new Set([operator.publicKey]);
const at = new Date();

describe('readNip04Task', () => {
  it('decrypts a kind-4 task from an authorised key', () => {
    const event = nip04TaskEvent(operator, agent.publicKey, 'Report from the Lineage Archives.', at);
    const result = readNip04Task(event, agent, { authorised });
    assert.ok(result.ok);
    assert.equal(result.task.text, 'Report from the Lineage Archives.');
    assert.equal(result.task.from, operator.publicKey);
    assert.equal(result.task.id, event.id);
    assert.equal(result.task.protocol, 'nip04');
  });

  it('rejects a kind-4 task from a key that is not authorised', () => {
    const result = readNip04Task(nip04TaskEvent(stranger, agent.publicKey, 'obey me', at), agent, {
      authorised,
    });
    assert.equal(result.ok ? 'accepted' : result.reason, 'unauthorised');
  });

  it('rejects a kind-4 event whose author was swapped for an authorised key', () => {
    const event = nip04TaskEvent(stranger, agent.publicKey, 'obey me', at);
    const result = readNip04Task({ ...event, pubkey: operator.publicKey }, agent, { authorised });
    assert.equal(result.ok ? 'accepted' : result.reason, 'bad-signature');
  });

  it('rejects a message addressed to another key and one that is not kind 4', () => {
    const other = generateIdentity();
    const forOther = readNip04Task(nip04TaskEvent(operator, other.publicKey, 'x', at), agent, { authorised });
    assert.equal(forOther.ok ? 'accepted' : forOther.reason, 'not-addressed-to-me');
    const note = operator.sign({ kind: 1, created_at: 1, tags: [['p', agent.publicKey]], content: 'hi' });
    const wrongKind = readNip04Task(note, agent, { authorised });
    assert.equal(wrongKind.ok ? 'accepted' : wrongKind.reason, 'malformed');
  });
});
