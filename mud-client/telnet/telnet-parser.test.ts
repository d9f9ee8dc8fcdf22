import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TelnetParser, type TelnetToken } from './telnet-parser.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function parseAll(chunks: Buffer[], maxSubnegotiationBytes = 1024): TelnetToken[] {
  const parser = new TelnetParser({ maxSubnegotiationBytes });
  return chunks.flatMap(chunk => parser.push(chunk));
}

/** Data tokens merged, so results compare independently of how data runs were cut. */
function normalise(tokens: TelnetToken[]): unknown[] {
  const result: unknown[] = [];
  for (const token of tokens) {
    const last = result.at(-1) as { type: string; bytes?: string } | undefined;
    if (token.type === 'data' && last?.type === 'data') last.bytes += token.bytes.toString('hex');
    else if (token.type === 'data') result.push({ type: 'data', bytes: token.bytes.toString('hex') });
    else if (token.type === 'subnegotiation')
      result.push({ ...token, payload: token.payload.toString('hex') });
    else result.push(token);
  }
  return result;
}

describe('TelnetParser', () => {
  it('passes plain data through as one data token', () => {
    assert.deepEqual(normalise(parseAll([Buffer.from('hello\r\n')])), [
      { type: 'data', bytes: Buffer.from('hello\r\n').toString('hex') },
    ]);
  });

  it('unescapes IAC IAC into a single 0xFF data byte', () => {
    assert.deepEqual(normalise(parseAll([hex('61 ff ff 62')])), [{ type: 'data', bytes: '61ff62' }]);
  });

  it('reports Evennia negotiation offers as negotiation tokens', () => {
    assert.deepEqual(normalise(parseAll([hex('fffd22 fffb03 fffbc9')])), [
      { type: 'negotiation', verb: 253, option: 34 },
      { type: 'negotiation', verb: 251, option: 3 },
      { type: 'negotiation', verb: 251, option: 201 },
    ]);
  });

  it('reports NOP and GA as commands', () => {
    assert.deepEqual(normalise(parseAll([hex('fff1 61 fff9')])), [
      { type: 'command', command: 241 },
      { type: 'data', bytes: '61' },
      { type: 'command', command: 249 },
    ]);
  });

  it('collects a subnegotiation payload up to IAC SE, unescaping IAC IAC inside it', () => {
    assert.deepEqual(normalise(parseAll([hex('fffa c9 41 ffff 42 fff0 63')])), [
      { type: 'subnegotiation', option: 201, payload: '41ff42' },
      { type: 'data', bytes: '63' },
    ]);
  });

  it('parses a sequence split at every byte the same as in one chunk', () => {
    const whole = hex('61 fffb c9 fffa 18 01 fff0 ffff fff1 62 fffa c9 4c 6f 67 fff0 0d0a');
    const expected = normalise(parseAll([whole]));
    const bytewise = normalise(parseAll([...whole].map(byte => Buffer.of(byte))));
    assert.deepEqual(bytewise, expected);
  });

  it('ends a subnegotiation that meets another command instead of SE and acts on that command', () => {
    assert.deepEqual(normalise(parseAll([hex('fffa c9 41 fffb 03 62')])), [
      { type: 'subnegotiation', option: 201, payload: '41' },
      { type: 'negotiation', verb: 251, option: 3 },
      { type: 'data', bytes: '62' },
    ]);
  });

  it('reports an oversized subnegotiation once, skips it to IAC SE and keeps parsing after it', () => {
    const parser = new TelnetParser({ maxSubnegotiationBytes: 4 });
    const tokens = [
      ...parser.push(hex('fffa c9 41 42 43 44 45')),
      ...parser.push(hex('46 ffff 47 fff0 0d0a')),
    ];
    assert.deepEqual(normalise(tokens), [
      { type: 'overflow', option: 201, limit: 4 },
      { type: 'data', bytes: '0d0a' },
    ]);
    assert.equal(parser.bufferedBytes, 0);
  });

  it('never buffers more than the cap for a subnegotiation that never ends', () => {
    const parser = new TelnetParser({ maxSubnegotiationBytes: 100 });
    parser.push(hex('fffa c9'));
    for (let index = 0; index < 50; index += 1) {
      parser.push(Buffer.alloc(64, 0x41));
      assert.ok(parser.bufferedBytes <= 100);
    }
  });
});
