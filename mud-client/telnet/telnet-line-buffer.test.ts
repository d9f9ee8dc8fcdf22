import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TelnetLineBuffer } from './telnet-line-buffer.ts';

describe('TelnetLineBuffer', () => {
  it('splits on LF and keeps the unfinished rest', () => {
    const buffer = new TelnetLineBuffer({ maxLineBytes: 100 });
    assert.deepEqual(buffer.push(Buffer.from('one\r\ntwo\r\nthr')), [
      { text: 'one\r', complete: true },
      { text: 'two\r', complete: true },
    ]);
    assert.equal(buffer.hasPartialLine, true);
    assert.deepEqual(buffer.push(Buffer.from('ee\r\n')), [{ text: 'three\r', complete: true }]);
    assert.equal(buffer.hasPartialLine, false);
  });

  it('decodes a UTF-8 character split across two chunks', () => {
    const bytes = Buffer.from('🐉\n');
    const buffer = new TelnetLineBuffer({ maxLineBytes: 100 });
    assert.deepEqual(buffer.push(bytes.subarray(0, 2)), []);
    assert.deepEqual(buffer.push(bytes.subarray(2)), [{ text: '🐉', complete: true }]);
  });

  it('turns an unfinished UTF-8 sequence before LF into a replacement character in that line only', () => {
    const buffer = new TelnetLineBuffer({ maxLineBytes: 100 });
    assert.deepEqual(buffer.push(Buffer.from('61f09f0a62630a', 'hex')), [
      { text: 'a\ufffd', complete: true },
      { text: 'bc', complete: true },
    ]);
  });

  it('hands out text at the cap as an incomplete piece and never holds more than the cap', () => {
    const buffer = new TelnetLineBuffer({ maxLineBytes: 4 });
    const pieces = buffer.push(Buffer.from('abcdefghij'));
    assert.deepEqual(pieces, [
      { text: 'abcd', complete: false },
      { text: 'efgh', complete: false },
    ]);
    assert.equal(buffer.bufferedBytes, 2);
    assert.equal(buffer.takePartialLine(), 'ij');
    assert.equal(buffer.bufferedBytes, 0);
  });

  it('gives the unfinished line to takePartialLine exactly once', () => {
    const buffer = new TelnetLineBuffer({ maxLineBytes: 100 });
    buffer.push(Buffer.from('HP: 10 > '));
    assert.equal(buffer.takePartialLine(), 'HP: 10 > ');
    assert.equal(buffer.takePartialLine(), '');
  });
});
