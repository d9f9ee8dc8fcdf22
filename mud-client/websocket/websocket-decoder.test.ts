import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MudEvent } from '../events.ts';
import { loadWebsocketCapture, websocketFrames } from '../fixtures/fixture-format.ts';
import { decodeWebsocketMessage } from './websocket-decoder.ts';

const session = loadWebsocketCapture('websocket-session.json');
const promptSession = loadWebsocketCapture('websocket-prompt.json');

const decodeAll = (frames: string[]): MudEvent[] => frames.flatMap(frame => decodeWebsocketMessage(frame));

describe('decodeWebsocketMessage on a captured Evennia 5.0.1 session', () => {
  it('turns the HTML connection screen into plain text', () => {
    const [screen] = decodeAll(websocketFrames(session, 'connect'));
    assert.equal(screen?.kind, 'text');
    const text = screen?.kind === 'text' ? screen.text : '';
    assert.match(text, /^\n=+\n Welcome to mygame, version 5\.0\.1!\n/);
    assert.match(text, /\n {6}connect <username> <password>\n/);
    assert.doesNotMatch(text, /[<>]span|&lt;|<br>/);
  });

  it('decodes login into logged_in without the options kwarg, then the login and look text', () => {
    assert.deepEqual(decodeAll(websocketFrames(session, 'login')).slice(0, 2), [
      { kind: 'oob', name: 'logged_in', args: [], kwargs: {} },
      { kind: 'text', text: '\nYou become timmyfix.' },
    ]);
    const look = decodeAll(websocketFrames(session, 'login'))[2];
    assert.equal(look?.kind === 'text' && look.messageType, 'look');
  });

  it('decodes look with messageType look and the URL link reduced to its label', () => {
    const [look] = decodeAll(websocketFrames(session, 'look'));
    assert.equal(look?.kind === 'text' && look.messageType, 'look');
    assert.match(
      look?.kind === 'text' ? look.text : '',
      /^Limbo\nWelcome to your new Evennia-based game! Visit https:\/\/www\.evennia\.com if you need\n/,
    );
  });

  it('decodes say with messageType say and non-ASCII text intact', () => {
    assert.deepEqual(decodeAll(websocketFrames(session, 'say')), [
      { kind: 'text', text: 'You say, "Hello from the capture, Grüße ✓ 🐉"', messageType: 'say' },
    ]);
  });

  it('decodes the unknown-command reply without a messageType', () => {
    assert.deepEqual(decodeAll(websocketFrames(session, 'unknown-command')), [
      { kind: 'text', text: `Command 'xyzzy' is not available. Type "help" for help.` },
    ]);
  });

  it('decodes the multi-kilobyte get_inputfuncs reply', () => {
    const frames = websocketFrames(session, 'get-inputfuncs');
    assert.ok((frames[0]?.length ?? 0) > 4096);
    const [event] = decodeAll(frames);
    assert.equal(event?.kind === 'oob' && event.name, 'get_inputfuncs');
    assert.equal(event?.kind === 'oob' && typeof event.kwargs.login, 'string');
    assert.equal(event?.kind === 'oob' && 'options' in event.kwargs, false);
  });

  it('decodes a captured prompt frame into a prompt event, keeping its trailing space', () => {
    const events = decodeAll(websocketFrames(promptSession, 'prompt'));
    assert.deepEqual(events, [
      { kind: 'text', text: '>>> self.msg(prompt="HP: 10/10 » ")', messageType: 'py_input' },
      { kind: 'prompt', text: 'HP: 10/10 » ' },
    ]);
  });

  it('decodes channel messages that carry from_channel instead of a type', () => {
    const [channel] = decodeAll(websocketFrames(promptSession, 'login')).filter(
      event => event.kind === 'text' && event.text.startsWith('[MudInfo]'),
    );
    assert.match(channel?.kind === 'text' ? channel.text : '', /^\[MudInfo\] \[[^\]]+\]: admin connected$/);
  });
});

describe('decodeWebsocketMessage on malformed input', () => {
  const codeOf = (events: MudEvent[]) =>
    events[0]?.kind === 'error' ? events[0].error.code : events[0]?.kind;

  it('turns non-JSON, wrong shapes and 2-element arrays into one error event each', () => {
    for (const frame of ['<html>', '["text", ["x"]]', '{"a": 1}', '["text", [], {}, {}]']) {
      const events = decodeWebsocketMessage(frame);
      assert.equal(events.length, 1);
      assert.equal(codeOf(events), 'MUD_ERR_FRAME_INVALID', frame);
    }
  });

  it('rejects a text frame whose first argument is not a string', () => {
    assert.equal(codeOf(decodeWebsocketMessage('["text", [42], {}]')), 'MUD_ERR_FRAME_INVALID');
    assert.equal(codeOf(decodeWebsocketMessage('["prompt", [], {}]')), 'MUD_ERR_FRAME_INVALID');
  });

  it('rejects binary frames, which Evennia 5.0.1 never sends', () => {
    assert.equal(
      codeOf(decodeWebsocketMessage(Buffer.from('["text", ["x"], {}]'), { isBinary: true })),
      'MUD_ERR_FRAME_INVALID',
    );
  });

  it('drops a frame over maxFrameBytes with MUD_ERR_FRAME_TOO_LARGE', () => {
    const frame = websocketFrames(session, 'get-inputfuncs')[0] ?? '';
    assert.equal(codeOf(decodeWebsocketMessage(frame, { maxFrameBytes: 4096 })), 'MUD_ERR_FRAME_TOO_LARGE');
  });

  it('drops a __proto__ kwarg instead of letting it set the prototype of kwargs', () => {
    const [event] = decodeWebsocketMessage(
      '["room_info", [], {"__proto__": {"polluted": true}, "exits": []}]',
    );
    assert.deepEqual(event, { kind: 'oob', name: 'room_info', args: [], kwargs: { exits: [] } });
    assert.equal(event?.kind === 'oob' && Object.getPrototypeOf(event.kwargs), Object.prototype);
  });

  it('emits nothing for a text frame that holds only markup', () => {
    assert.deepEqual(decodeWebsocketMessage('["text", ["<br><span></span>"], {}]'), []);
  });
});
