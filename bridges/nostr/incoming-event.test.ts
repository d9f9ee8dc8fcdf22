import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateIdentity } from './agent-key.ts';
import { acceptIncomingEvent, checkIncomingEvent } from './incoming-event.ts';

const author = generateIdentity();
const note = () =>
  author.sign({ kind: 1, created_at: 1_700_000_000, tags: [['t', 'x']], content: 'a real note' });

describe('checkIncomingEvent', () => {
  it('accepts a correctly signed event of an expected kind', () => {
    const result = checkIncomingEvent(note(), { kinds: [1] });
    assert.equal(result.ok, true);
  });

  it('rejects an event whose content was changed after signing (the id no longer matches)', () => {
    const result = checkIncomingEvent({ ...note(), content: 'forged words' });
    assert.deepEqual(result.ok ? 'accepted' : result.reason, 'bad-signature');
  });

  it('rejects an event whose id was recomputed but whose signature is someone else’s', () => {
    const original = note();
    const other = generateIdentity().sign({
      kind: 1,
      created_at: original.created_at,
      tags: original.tags,
      content: original.content,
    });
    const forged = { ...other, pubkey: original.pubkey, id: original.id };
    const result = checkIncomingEvent(forged);
    assert.equal(result.ok ? 'accepted' : result.reason, 'bad-signature');
  });

  it('rejects a flipped signature byte', () => {
    const event = note();
    const flipped = (event.sig[0] === '0' ? '1' : '0') + event.sig.slice(1);
    const result = checkIncomingEvent({ ...event, sig: flipped });
    assert.equal(result.ok ? 'accepted' : result.reason, 'bad-signature');
  });

  it('rejects a validly signed event of a kind the caller does not expect', () => {
    const result = checkIncomingEvent(note(), { kinds: [30078] });
    assert.equal(result.ok ? 'accepted' : result.reason, 'unexpected-kind');
  });

  it('rejects malformed input with the path of the first problem', () => {
    const result = checkIncomingEvent({ ...note(), pubkey: 'not-hex' });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'malformed' && result.detail.startsWith('pubkey'));
    assert.equal(checkIncomingEvent('just a string').ok, false);
  });

  it('rejects a NIP-40 expired event when the caller gives the time', () => {
    const event = author.sign({ kind: 1, created_at: 100, tags: [['expiration', '200']], content: 'old' });
    assert.equal(checkIncomingEvent(event, { now: 150 }).ok, true);
    const late = checkIncomingEvent(event, { now: 250 });
    assert.equal(late.ok ? 'accepted' : late.reason, 'expired');
  });
});

describe('acceptIncomingEvent', () => {
  it('logs one line per dropped event and returns nothing for it', () => {
    const lines: string[] = [];
    const kept = acceptIncomingEvent(note(), line => lines.push(line));
    const dropped = acceptIncomingEvent({ ...note(), content: 'tampered' }, line => lines.push(line));
    assert.ok(kept);
    assert.equal(dropped, undefined);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /dropped event [0-9a-f]{16}: bad-signature/);
  });
});
