import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encrypt, getConversationKey } from 'nostr-tools/nip44';
import { createRumor, createSeal, createWrap } from 'nostr-tools/nip59';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { generateIdentity } from './agent-key.ts';
import { GIFT_WRAP_KIND, unwrapTask, wrapTask } from './nip17-task.ts';

const agent = generateIdentity();
const parent = generateIdentity();
const stranger = generateIdentity();
const authorised = new Set([parent.publicKey]);

function reason(result: ReturnType<typeof unwrapTask>): string {
  return result.ok ? 'accepted' : result.reason;
}

/** A gift wrap around an arbitrary (possibly tampered) seal, as an attacker could build one. */
function wrapSeal(seal: object, recipientPublicKey: string) {
  const oneOff = generateSecretKey();
  return finalizeEvent(
    {
      kind: GIFT_WRAP_KIND,
      created_at: Math.floor(Date.now() / 1000),
      tags: [['p', recipientPublicKey]],
      content: encrypt(JSON.stringify(seal), getConversationKey(oneOff, recipientPublicKey)),
    },
    oneOff,
  );
}

describe('wrapTask and unwrapTask', () => {
  it('hands over a task from an authorised key with its author, text, time and rumor id', () => {
    const before = Math.floor(Date.now() / 1000);
    const wrap = wrapTask(parent, agent.publicKey, 'Go to the Teaching Grove and read the stone.');
    assert.equal(wrap.kind, 1059);
    assert.notEqual(wrap.pubkey, parent.publicKey, 'the wrap is signed by a one-off key');
    const result = unwrapTask(wrap, agent, { authorised });
    assert.ok(result.ok);
    assert.equal(result.task.from, parent.publicKey);
    assert.equal(result.task.text, 'Go to the Teaching Grove and read the stone.');
    assert.equal(result.task.protocol, 'nip17');
    assert.match(result.task.id, /^[0-9a-f]{64}$/);
    assert.ok(result.task.at.getTime() / 1000 >= before - 1);
  });

  it('rejects a well-formed task from a key that is not authorised for the agent', () => {
    const result = unwrapTask(wrapTask(stranger, agent.publicKey, 'Delete everything.'), agent, {
      authorised,
    });
    assert.equal(reason(result), 'unauthorised');
  });

  it('rejects a wrap whose content was changed in transit', () => {
    const wrap = wrapTask(parent, agent.publicKey, 'original');
    const tampered = { ...wrap, content: `${wrap.content.slice(0, -4)}AAAA` };
    assert.equal(reason(unwrapTask(tampered, agent, { authorised })), 'bad-signature');
  });

  it('rejects a seal whose signature does not match its content, even inside a valid wrap', () => {
    const rumor = createRumor(
      { kind: 14, content: 'honest', tags: [['p', agent.publicKey]] },
      parentSecret(),
    );
    const seal = createSeal(rumor, parentSecret(), agent.publicKey);
    const other = createSeal(
      createRumor({ kind: 14, content: 'forged', tags: [['p', agent.publicKey]] }, parentSecret()),
      parentSecret(),
      agent.publicKey,
    );
    const spliced = { ...seal, content: other.content };
    assert.equal(
      reason(unwrapTask(wrapSeal(spliced, agent.publicKey), agent, { authorised })),
      'bad-signature',
    );
  });

  it('rejects a rumor that claims an authorised author but is sealed by someone else', () => {
    const strangerSecret = generateSecretKey();
    const rumor = createRumor(
      { kind: 14, content: 'I am your parent', tags: [['p', agent.publicKey]] },
      parentSecret(),
    );
    const seal = createSeal(rumor, strangerSecret, agent.publicKey);
    const wrap = createWrap(seal, agent.publicKey);
    assert.equal(reason(unwrapTask(wrap, agent, { authorised })), 'author-mismatch');
  });

  it('rejects a wrap meant for another agent and one it cannot decrypt', () => {
    const other = generateIdentity();
    const forOther = wrapTask(parent, other.publicKey, 'not for you');
    assert.equal(reason(unwrapTask(forOther, agent, { authorised })), 'not-addressed-to-me');
    const mislabelled = wrapSeal({ not: 'a seal' }, agent.publicKey);
    assert.equal(reason(unwrapTask(mislabelled, agent, { authorised })), 'malformed');
  });

  it('rejects a rumor older than the allowed age', () => {
    const wrap = wrapTask(parent, agent.publicKey, 'stale order');
    const now = Math.floor(Date.now() / 1000) + 10 * 86_400;
    assert.equal(reason(unwrapTask(wrap, agent, { authorised, now, maxAgeSeconds: 3 * 86_400 })), 'too-old');
  });

  it('refuses to send an empty task', () => {
    assert.throws(() => wrapTask(parent, agent.publicKey, '   '), RangeError);
  });
});

function parentSecret(): Uint8Array {
  return parent.secretKey();
}
