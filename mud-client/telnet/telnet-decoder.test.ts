import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MudEvent } from '../events.ts';
import { loadTelnetCapture, telnetChunks, telnetStep } from '../fixtures/fixture-format.ts';
import { TelnetDecoder, type TelnetDecoderOptions } from './telnet-decoder.ts';

const session = loadTelnetCapture('telnet-session.json');
const promptSession = loadTelnetCapture('telnet-prompt.json');

function decode(chunks: Buffer[], options: TelnetDecoderOptions = {}) {
  const decoder = new TelnetDecoder(options);
  const events: MudEvent[] = [];
  const replies: Buffer[] = [];
  for (const chunk of chunks) {
    const output = decoder.push(chunk);
    events.push(...output.events);
    replies.push(...output.replies);
  }
  return { decoder, events, replies };
}

/** Decodes the steps before `label` first, so the decoder is in the state the real session had. */
function decodeStep(label: string) {
  const index = session.steps.findIndex(step => step.label === label);
  const before = session.steps.slice(0, index).flatMap(step => telnetChunks(session, step.label));
  const { decoder } = decode(before);
  const outputs = telnetChunks(session, label).map(chunk => decoder.push(chunk));
  return {
    decoder,
    events: outputs.flatMap(output => output.events),
    replies: outputs.flatMap(output => output.replies),
  };
}

/** What must not depend on chunking: non-empty text lines, OOB messages, errors, replies. */
function summary(events: MudEvent[], replies: Buffer[] = []) {
  return {
    lines: events
      .flatMap(event => (event.kind === 'text' ? event.text.split('\n') : []))
      .filter(line => line !== ''),
    oob: events.flatMap(event => (event.kind === 'oob' ? [JSON.stringify(event)] : [])),
    errors: events.flatMap(event => (event.kind === 'error' ? [event.error.code] : [])),
    replies: Buffer.concat(replies).toString('hex'),
  };
}

function texts(events: MudEvent[]): string[] {
  return events.flatMap(event => (event.kind === 'text' ? [event.text] : []));
}

describe('TelnetDecoder on a captured Evennia 5.0.1 session', () => {
  it('answers the captured negotiation per the reference table, NAWS 200x50 and TTYPE timmy/ANSI/MTTS 5', () => {
    const { replies } = decode(telnetChunks(session, 'connect'));
    assert.deepEqual(
      replies.map(reply => reply.toString('hex')),
      [
        'fffc22', // WONT LINEMODE
        'fffd03', // DO SGA
        'fffb1f', // WILL NAWS
        'fffa1f00c80032fff0', // NAWS 200x50
        'fffb18', // WILL TTYPE
        'fffe56', // DONT MCCP2
        'fffe46', // DONT MSSP
        'fffe45', // DONT MSDP
        'fffdc9', // DO GMCP
        'fffe5b', // DONT MXP
        `fffa1800${Buffer.from('timmy').toString('hex')}fff0`,
        `fffa1800${Buffer.from('ANSI').toString('hex')}fff0`,
        `fffa1800${Buffer.from('MTTS 5').toString('hex')}fff0`,
      ],
    );
    const sentDuringCapture = telnetStep(session, 'connect').sent.map(chunk => Buffer.from(chunk, 'base64'));
    assert.deepEqual(Buffer.concat(replies), Buffer.concat(sentDuringCapture));
  });

  it('turns the connection screen into one plain text event without ANSI', () => {
    const { events, decoder } = decode(telnetChunks(session, 'connect'));
    assert.equal(events.length, 1);
    const [screen] = texts(events);
    assert.match(screen ?? '', /^\n=+\n Welcome to mygame, version 5\.0\.1!\n/);
    assert.match(screen ?? '', /\n {6}connect <username> <password>\n/);
    assert.equal(screen?.includes('\u001b'), false, 'no ESC');
    assert.equal(screen?.includes('\r'), false, 'no CR');
    assert.equal(decoder.gmcpEnabled, true);
  });

  it('delivers Logged.In as the oob event logged_in before the login text that followed it', () => {
    const { events } = decodeStep('login');
    assert.deepEqual(events[0], { kind: 'oob', name: 'logged_in', args: [], kwargs: {} });
    assert.equal(events[1]?.kind, 'text');
    assert.match(
      texts(events)[0] ?? '',
      /^\nYou become timmyfix\.\n\nLimbo\nWelcome to your new Evennia-based game!/,
    );
  });

  it('decodes look output into the room text', () => {
    const [look] = texts(decodeStep('look').events);
    assert.match(
      look ?? '',
      /^Limbo\nWelcome to your new Evennia-based game! Visit https:\/\/www\.evennia\.com/,
    );
    assert.match(look ?? '', /play the demo game\.(\n|$)/);
  });

  it('decodes say output with non-ASCII text intact', () => {
    assert.deepEqual(texts(decodeStep('say').events), ['You say, "Hello from the capture, Grüße ✓ 🐉"']);
  });

  it('decodes the unknown-command reply', () => {
    assert.deepEqual(texts(decodeStep('unknown-command').events), [
      `Command 'xyzzy' is not available. Type "help" for help.`,
    ]);
  });

  it('decodes the multi-kilobyte Core.Commands.Get reply as get_inputfuncs with every docstring', () => {
    const chunks = telnetChunks(session, 'get-inputfuncs');
    assert.ok(Buffer.concat(chunks).length > 4096, 'bigger than telnetlib default subnegotiation buffer');
    const { events } = decodeStep('get-inputfuncs');
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event?.kind, 'oob');
    if (event?.kind !== 'oob') return;
    assert.equal(event.name, 'get_inputfuncs');
    assert.deepEqual(event.args, []);
    for (const inputfunc of ['text', 'login', 'client_options', 'get_inputfuncs', 'get_value', 'monitor']) {
      assert.equal(typeof event.kwargs[inputfunc], 'string', inputfunc);
    }
  });

  it('ignores the IAC NOP keepalive without events or replies', () => {
    assert.equal(Buffer.concat(telnetChunks(session, 'nop-keepalive')).toString('hex'), 'fff1');
    const { events, replies, decoder } = decodeStep('nop-keepalive');
    assert.deepEqual({ events, replies }, { events: [], replies: [] });
    assert.equal(decoder.hasPartialLine, false);
  });

  it('decodes the quit reply', () => {
    assert.deepEqual(texts(decodeStep('quit').events), ['Quitting. Hope to see you again, soon.\nquit']);
  });

  it('decodes the first steps the same when split into two chunks at every byte position', () => {
    const labels = ['connect', 'login', 'look', 'say', 'unknown-command'];
    const bytes = Buffer.concat(labels.flatMap(label => telnetChunks(session, label)));
    const whole = decode([bytes]);
    const expected = summary(whole.events, whole.replies);
    assert.ok(expected.lines.includes('You say, "Hello from the capture, Grüße ✓ 🐉"'));
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const split = decode([bytes.subarray(0, cut), bytes.subarray(cut)]);
      assert.deepEqual(summary(split.events, split.replies), expected, `cut at ${cut}`);
    }
  });

  it('decodes the whole session the same when fed one byte at a time', () => {
    const chunks = telnetChunks(session);
    const asCaptured = decode(chunks);
    const bytes = Buffer.concat(chunks);
    const bytewise = decode([...bytes].map(byte => Buffer.of(byte)));
    assert.deepEqual(
      summary(bytewise.events, bytewise.replies),
      summary(asCaptured.events, asCaptured.replies),
    );
    assert.equal(summary(asCaptured.events).oob.length, 2);
  });
});

describe('TelnetDecoder prompts', () => {
  const promptChunks = telnetChunks(promptSession, 'prompt');

  it('holds a captured prompt that has no newline until flushPrompt, then emits it as a prompt event', () => {
    const before = promptSession.steps.slice(0, 2).flatMap(step => telnetChunks(promptSession, step.label));
    const { decoder } = decode(before);
    const events = promptChunks.flatMap(chunk => decoder.push(chunk).events);
    assert.deepEqual(texts(events), ['>>> self.msg(prompt="HP: 10/10 » ")']);
    assert.equal(decoder.hasPartialLine, true);
    assert.deepEqual(decoder.flushPrompt(), [{ kind: 'prompt', text: 'HP: 10/10 » ' }]);
    assert.equal(decoder.hasPartialLine, false);
    const after = telnetChunks(promptSession, 'quit').flatMap(chunk => decoder.push(chunk).events);
    assert.match(texts(after)[0] ?? '', /^Quitting\./);
  });

  it('emits the prompt at once when GA follows it', () => {
    const { events } = decode([...promptChunks, Buffer.of(0xff, 0xf9)]);
    assert.deepEqual(events.at(-1), { kind: 'prompt', text: 'HP: 10/10 » ' });
  });

  it('delivers a leftover unfinished line as text at the end of the connection', () => {
    const { decoder } = decode(promptChunks);
    assert.deepEqual(decoder.end(), [{ kind: 'text', text: 'HP: 10/10 » ' }]);
  });
});

describe('TelnetDecoder protocol errors', () => {
  const loginBytes = Buffer.concat(telnetChunks(session, 'login'));

  it('turns a non-JSON GMCP payload into an error event and keeps decoding the text after it', () => {
    const broken = Buffer.from(
      loginBytes.toString('latin1').replace('Logged.In', 'Logged.In {broken'),
      'latin1',
    );
    const { events } = decode([broken]);
    assert.equal(events[0]?.kind, 'error');
    assert.equal(events[0]?.kind === 'error' && events[0].error.code, 'MUD_ERR_GMCP_NOT_JSON');
    assert.match(texts(events)[0] ?? '', /^\nYou become timmyfix\./);
  });

  it('turns a GMCP message over the cap into MUD_ERR_GMCP_TOO_LARGE and keeps the connection usable', () => {
    const chunks = [...telnetChunks(session, 'get-inputfuncs'), ...telnetChunks(session, 'quit')];
    const { events, decoder } = decode(chunks, { limits: { maxSubnegotiationBytes: 4096 } });
    assert.deepEqual(
      events.map(event => (event.kind === 'error' ? event.error.code : event.kind)),
      ['MUD_ERR_GMCP_TOO_LARGE', 'text'],
    );
    assert.equal(decoder.bufferedBytes.subnegotiation, 0);
  });

  it('delivers an endless line in pieces with MUD_ERR_LINE_TOO_LONG and stays within the cap', () => {
    const decoder = new TelnetDecoder({ limits: { maxLineBytes: 1024 * 1024 } });
    const events: MudEvent[] = [];
    const block = Buffer.alloc(64 * 1024, 0x61);
    for (let index = 0; index < 48; index += 1) {
      events.push(...decoder.push(block).events);
      assert.ok(decoder.bufferedBytes.line <= 1024 * 1024);
    }
    const errors = events.filter(event => event.kind === 'error');
    const delivered = texts(events).join('');
    assert.equal(errors.length, 2);
    assert.equal(delivered.length, 2 * 1024 * 1024);
  });

  it('reports a too-long line with the text buffered so far, then goes on with the next line', () => {
    const { events } = decode(telnetChunks(session, 'connect'), { limits: { maxLineBytes: 64 } });
    assert.ok(events.some(event => event.kind === 'error' && event.error.code === 'MUD_ERR_LINE_TOO_LONG'));
    const lines = summary(events).lines;
    assert.ok(lines.includes(' Welcome to mygame, version 5.0.1!'));
  });
});
