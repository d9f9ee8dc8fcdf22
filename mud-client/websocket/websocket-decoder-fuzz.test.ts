/**
 * Property-based fuzzing of the websocket frame decoder (fast-check): random text, random JSON, random
 * well-formed frames and mutated real captured frames. Nothing may throw, each message yields at most one
 * event, and well-formed OOB frames come back with their data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { MudEvent } from '../events.ts';
import { loadWebsocketCapture, websocketFrames } from '../fixtures/fixture-format.ts';
import { decodeWebsocketMessage } from './websocket-decoder.ts';
import { encodeWebsocketFrame } from './websocket-frame.ts';

const capturedFrames = [
  ...websocketFrames(loadWebsocketCapture('websocket-session.json')),
  ...websocketFrames(loadWebsocketCapture('websocket-prompt.json')),
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: plain text must not contain control characters
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Decodes and checks the output. Broken markup (a mutated tag) may stay in the text; control characters may not. */
function decodeChecked(data: string | Buffer, maxFrameBytes = 64 * 1024): MudEvent[] {
  const events = decodeWebsocketMessage(data, { maxFrameBytes });
  assert.ok(events.length <= 1);
  for (const event of events) {
    if (event.kind === 'text' || event.kind === 'prompt') {
      assert.doesNotMatch(event.text, CONTROL);
    } else if (event.kind === 'error') {
      assert.match(event.error.code, /^MUD_ERR_FRAME_/);
    } else {
      assert.equal(event.kind, 'oob');
    }
  }
  return events;
}

const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('"', '[', ']', '{', '}', ',', '\\', '<', '>', '&', '\u0000'),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

describe('websocket decoder fuzzing', () => {
  it('never throws on random text or random bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.uint8Array({ maxLength: 500 })),
        data => {
          decodeChecked(typeof data === 'string' ? data : Buffer.from(data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on any JSON value and reports non-frames as MUD_ERR_FRAME_INVALID', () => {
    fc.assert(
      fc.property(fc.jsonValue(), value => {
        const events = decodeChecked(JSON.stringify(value));
        const isFrame =
          Array.isArray(value) &&
          value.length === 3 &&
          typeof value[0] === 'string' &&
          value[0] !== '' &&
          Array.isArray(value[1]) &&
          typeof value[2] === 'object' &&
          value[2] !== null &&
          !Array.isArray(value[2]);
        if (!isFrame)
          assert.equal(events[0]?.kind === 'error' && events[0].error.code, 'MUD_ERR_FRAME_INVALID');
      }),
      { numRuns: 300 },
    );
  });

  it('returns any well-formed OOB frame as an oob event with its args and kwargs, options removed', () => {
    const key = fc.string({ minLength: 1, maxLength: 10 }).filter(name => name !== '__proto__');
    fc.assert(
      fc.property(
        key.filter(name => name !== 'text' && name !== 'prompt'),
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
        fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
        (name, args, kwargs) => {
          const events = decodeChecked(encodeWebsocketFrame(name, args, { ...kwargs, options: {} }));
          const { options: _options, ...expected } = kwargs;
          assert.deepEqual(events, [
            {
              kind: 'oob',
              name,
              args: JSON.parse(JSON.stringify(args)),
              kwargs: JSON.parse(JSON.stringify(expected)),
            },
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves no markup in the text of any captured frame', () => {
    for (const frame of capturedFrames) {
      for (const event of decodeChecked(frame)) {
        if (event.kind === 'text' || event.kind === 'prompt')
          assert.doesNotMatch(event.text, /<\/?(br|span|a)\b|&(lt|gt|amp|quot|nbsp);/);
      }
    }
  });

  it('never throws on mutated captured frames', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...capturedFrames),
        fc.array(textMutation, { minLength: 1, maxLength: 8 }),
        (frame, mutations) => {
          let text = frame;
          for (const change of mutations) {
            const at = text.length === 0 ? 0 : change.at % text.length;
            if (change.kind === 'replace') text = text.slice(0, at) + change.text + text.slice(at + 1);
            if (change.kind === 'insert') text = text.slice(0, at) + change.text + text.slice(at);
            if (change.kind === 'delete') text = text.slice(0, at) + text.slice(at + change.length);
            if (change.kind === 'truncate') text = text.slice(0, at);
          }
          decodeChecked(text);
          decodeChecked(text, 512);
        },
      ),
      { numRuns: 300 },
    );
  });
});
