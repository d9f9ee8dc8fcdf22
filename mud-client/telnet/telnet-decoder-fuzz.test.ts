/**
 * Property-based fuzzing of the telnet decoder (fast-check): random and telnet-biased bytes, mutated real
 * captures, random chunking. Nothing may throw, buffers must stay within their caps, and text must come out
 * plain. Run counts are kept small enough for the unit tier.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { MudEvent } from '../events.ts';
import { loadTelnetCapture, telnetChunks } from '../fixtures/fixture-format.ts';
import { TelnetDecoder } from './telnet-decoder.ts';
import { encodeCommandLine, encodeSubnegotiation } from './telnet-encoder.ts';
import { TelnetLineBuffer } from './telnet-line-buffer.ts';
import { TelnetParser } from './telnet-parser.ts';

const capture = Buffer.concat(telnetChunks(loadTelnetCapture('telnet-session.json')));
const promptCapture = Buffer.concat(telnetChunks(loadTelnetCapture('telnet-prompt.json')));

/** Bytes that drive the state machines: IAC, the verbs, SB/SE, GA/NOP/EOR, GMCP, TTYPE, LF, CR, ESC, '[', 0x80+. */
const interestingByte = fc.constantFrom(
  255,
  254,
  253,
  252,
  251,
  250,
  249,
  241,
  240,
  239,
  201,
  24,
  31,
  1,
  10,
  13,
  27,
  91,
);
const telnetishBytes = fc
  .array(fc.oneof(interestingByte, fc.integer({ min: 0, max: 255 })), { maxLength: 2000 })
  .map(bytes => Buffer.from(bytes));

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    byte: fc.oneof(interestingByte, fc.nat(255)),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    byte: fc.oneof(interestingByte, fc.nat(255)),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(source: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(source);
  for (const change of mutations) {
    const at = bytes.length === 0 ? 0 : change.at % bytes.length;
    if (change.kind === 'replace' && bytes.length > 0) bytes[at] = change.byte;
    if (change.kind === 'insert')
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.of(change.byte), bytes.subarray(at)]);
    if (change.kind === 'delete')
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + change.length)]);
    if (change.kind === 'truncate') bytes = bytes.subarray(0, at);
  }
  return bytes;
}

/** Cuts `bytes` at the given (unsorted, possibly repeated) positions. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const positions = [...new Set(cuts.map(cut => (bytes.length === 0 ? 0 : cut % bytes.length)))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let start = 0;
  for (const position of positions) {
    chunks.push(bytes.subarray(start, position));
    start = position;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

const caps = { maxLineBytes: 64, maxSubnegotiationBytes: 48 };

// biome-ignore lint/suspicious/noControlCharactersInRegex: plain text must not contain control characters
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function assertWellFormed(event: MudEvent): void {
  switch (event.kind) {
    case 'text':
    case 'prompt':
      assert.doesNotMatch(event.text, CONTROL);
      assert.notEqual(event.text.trim(), '');
      return;
    case 'oob':
      assert.equal(typeof event.name, 'string');
      assert.ok(Array.isArray(event.args));
      assert.equal(typeof event.kwargs, 'object');
      return;
    case 'error':
      assert.match(event.error.code, /^MUD_ERR_/);
      return;
    default:
      assert.fail(`unexpected event kind ${event.kind}`);
  }
}

/** Feeds chunks, flushing prompts now and then, checking caps and output after every step. */
function feed(decoder: TelnetDecoder, chunks: Buffer[], limits: typeof caps, flushEvery = 3): MudEvent[] {
  const events: MudEvent[] = [];
  chunks.forEach((chunk, index) => {
    const output = decoder.push(chunk);
    events.push(...output.events);
    for (const reply of output.replies) assert.equal(reply[0], 255, 'replies are telnet commands');
    if (index % flushEvery === 0) events.push(...decoder.flushPrompt());
    const buffered = decoder.bufferedBytes;
    assert.ok(buffered.line <= limits.maxLineBytes, `line buffer ${buffered.line}`);
    assert.ok(
      buffered.subnegotiation <= limits.maxSubnegotiationBytes,
      `sb buffer ${buffered.subnegotiation}`,
    );
  });
  events.push(...decoder.end());
  for (const event of events) assertWellFormed(event);
  return events;
}

describe('TelnetDecoder fuzzing', () => {
  it('survives random telnet-biased bytes in random chunks within small caps', () => {
    fc.assert(
      fc.property(telnetishBytes, fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        feed(new TelnetDecoder({ limits: caps }), split(bytes, cuts), caps);
      }),
      { numRuns: 300 },
    );
  });

  it('survives mutated real captures with small caps and with the default caps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(capture, promptCapture),
        fc.array(mutation, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (source, mutations, cuts) => {
          const chunks = split(mutate(source, mutations), cuts);
          feed(new TelnetDecoder({ limits: caps }), chunks, caps);
          feed(new TelnetDecoder(), chunks, {
            maxLineBytes: 1024 * 1024,
            maxSubnegotiationBytes: 1024 * 1024,
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodes the real capture, big GMCP message included, the same under any chunking', () => {
    const lines = (events: MudEvent[]) =>
      events
        .flatMap(event => (event.kind === 'text' ? event.text.split('\n') : []))
        .filter(line => line !== '');
    const oob = (events: MudEvent[]) => events.filter(event => event.kind === 'oob');
    const whole = new TelnetDecoder().push(capture).events;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), cuts => {
        const decoder = new TelnetDecoder();
        const events = split(capture, cuts).flatMap(chunk => decoder.push(chunk).events);
        assert.deepEqual(lines(events), lines(whole));
        assert.deepEqual(oob(events), oob(whole));
      }),
      { numRuns: 100 },
    );
  });
});

describe('telnet codec round trips', () => {
  it('any command line survives encoding and parsing byte for byte, UTF-8 and all', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter(line => !/[\r\n]/.test(line)),
        fc.array(fc.nat(), { maxLength: 5 }),
        (line, cuts) => {
          const parser = new TelnetParser({ maxSubnegotiationBytes: 16 });
          const data = split(encodeCommandLine(line), cuts)
            .flatMap(chunk => parser.push(chunk))
            .flatMap(token => (token.type === 'data' ? [token.bytes] : []));
          assert.deepEqual(Buffer.concat(data), Buffer.from(`${line}\r\n`, 'utf8'));
        },
      ),
    );
  });

  it('any subnegotiation payload, 0xFF bytes included, survives encoding and parsing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(255), (payload, option) => {
        const tokens = new TelnetParser({ maxSubnegotiationBytes: 300 }).push(
          encodeSubnegotiation(option, payload),
        );
        assert.deepEqual(tokens, [{ type: 'subnegotiation', option, payload: Buffer.from(payload) }]);
      }),
    );
  });

  it('splits UTF-8 text into the same lines under any chunking', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (text, cuts) => {
          const buffer = new TelnetLineBuffer({ maxLineBytes: 10_000 });
          const lines = split(Buffer.from(`${text}\n`, 'utf8'), cuts).flatMap(chunk => buffer.push(chunk));
          assert.deepEqual(
            lines.map(piece => piece.text),
            text.split('\n'),
          );
        },
      ),
    );
  });
});
