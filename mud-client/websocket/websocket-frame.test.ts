import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MudClientError } from '../errors.ts';
import { decodeWebsocketFrame, encodeWebsocketFrame } from './websocket-frame.ts';

const errorCode = (data: string | Uint8Array, max = 1024) => {
  const result = decodeWebsocketFrame(data, max);
  return result.ok ? 'ok' : result.error.code;
};

describe('decodeWebsocketFrame', () => {
  it('accepts a three-element [name, args, kwargs] frame from text or bytes', () => {
    const frame = '["logged_in", [], {"options": {}}]';
    for (const data of [frame, Buffer.from(frame)]) {
      assert.deepEqual(decodeWebsocketFrame(data, 1024), {
        ok: true,
        frame: { name: 'logged_in', args: [], kwargs: { options: {} } },
      });
    }
  });

  it('rejects malformed frames with MUD_ERR_FRAME_INVALID', () => {
    const malformed = [
      'not json',
      '',
      '{"text": ["look"]}',
      '["text", ["look"]]',
      '["text", ["look"], {}, 4]',
      '["text", "look", {}]',
      '["text", ["look"], []]',
      '[1, [], {}]',
      '["", [], {}]',
      'null',
    ];
    for (const data of malformed) assert.equal(errorCode(data), 'MUD_ERR_FRAME_INVALID', data);
  });

  it('drops a frame over the size cap with MUD_ERR_FRAME_TOO_LARGE before parsing it', () => {
    const huge = `["text", ["${'a'.repeat(2000)}"], {}]`;
    assert.equal(errorCode(huge, 1024), 'MUD_ERR_FRAME_TOO_LARGE');
    assert.equal(errorCode(Buffer.from(huge), 1024), 'MUD_ERR_FRAME_TOO_LARGE');
  });

  it('measures the cap in UTF-8 bytes, not characters', () => {
    const frame = `["text", ["${'🐉'.repeat(100)}"], {}]`;
    assert.equal(errorCode(frame, 300), 'MUD_ERR_FRAME_TOO_LARGE');
    assert.equal(errorCode(frame, 500), 'ok');
  });
});

describe('encodeWebsocketFrame', () => {
  it('writes a three-element JSON array', () => {
    assert.equal(encodeWebsocketFrame('text', ['look'], {}), '["text",["look"],{}]');
    assert.equal(encodeWebsocketFrame('websocket_close'), '["websocket_close",[],{}]');
  });

  it('throws MUD_ERR_INVALID_ARGUMENT for an empty name or unserialisable data', () => {
    const invalid = (error: unknown) =>
      error instanceof MudClientError && error.code === 'MUD_ERR_INVALID_ARGUMENT';
    assert.throws(() => encodeWebsocketFrame(''), invalid);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.throws(() => encodeWebsocketFrame('echo', [], circular), invalid);
  });
});
