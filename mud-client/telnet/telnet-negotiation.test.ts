import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TelnetCommand, TelnetOption } from './telnet-codes.ts';
import { TelnetNegotiation } from './telnet-negotiation.ts';
import { DEFAULT_TERMINAL_IDENTITY } from './terminal-type.ts';

const { WILL, WONT, DO, DONT } = TelnetCommand;

function create(): TelnetNegotiation {
  return new TelnetNegotiation({
    windowSize: { width: 200, height: 50 },
    identity: DEFAULT_TERMINAL_IDENTITY,
  });
}

const replyHex = (replies: Buffer[]) => replies.map(reply => reply.toString('hex'));

describe('TelnetNegotiation', () => {
  it('answers each of Evennia 5.0.1 offers as the reference table says', () => {
    const negotiation = create();
    const answers = [
      [DO, TelnetOption.LINEMODE, ['fffc22']],
      [WILL, TelnetOption.SGA, ['fffd03']],
      [DO, TelnetOption.NAWS, ['fffb1f', 'fffa1f00c80032fff0']],
      [DO, TelnetOption.TTYPE, ['fffb18']],
      [WILL, TelnetOption.MCCP2, ['fffe56']],
      [WILL, TelnetOption.MSSP, ['fffe46']],
      [WILL, TelnetOption.MSDP, ['fffe45']],
      [WILL, TelnetOption.GMCP, ['fffdc9']],
      [WILL, TelnetOption.MXP, ['fffe5b']],
      [WILL, TelnetOption.ECHO, ['fffe01']],
    ] as const;
    for (const [verb, option, expected] of answers) {
      assert.deepEqual(replyHex(negotiation.receive(verb, option)), expected, `option ${option}`);
    }
    assert.equal(negotiation.isRemoteEnabled(TelnetOption.GMCP), true);
    assert.equal(negotiation.isRemoteEnabled(TelnetOption.MCCP2), false);
    assert.equal(negotiation.isLocalEnabled(TelnetOption.NAWS), true);
  });

  it('does not answer a repeated offer for an option already on, so no negotiation loop starts', () => {
    const negotiation = create();
    negotiation.receive(WILL, TelnetOption.GMCP);
    assert.deepEqual(negotiation.receive(WILL, TelnetOption.GMCP), []);
    negotiation.receive(DO, TelnetOption.NAWS);
    assert.deepEqual(negotiation.receive(DO, TelnetOption.NAWS), []);
  });

  it('acknowledges the server turning GMCP off once and then ignores repeats', () => {
    const negotiation = create();
    negotiation.receive(WILL, TelnetOption.GMCP);
    assert.deepEqual(replyHex(negotiation.receive(WONT, TelnetOption.GMCP)), ['fffec9']);
    assert.equal(negotiation.isRemoteEnabled(TelnetOption.GMCP), false);
    assert.deepEqual(negotiation.receive(WONT, TelnetOption.GMCP), []);
  });

  it('acknowledges DONT for an option it performs and ignores DONT for one it does not', () => {
    const negotiation = create();
    negotiation.receive(DO, TelnetOption.TTYPE);
    assert.deepEqual(replyHex(negotiation.receive(DONT, TelnetOption.TTYPE)), ['fffc18']);
    assert.deepEqual(negotiation.receive(DONT, TelnetOption.TTYPE), []);
  });

  it('answers TTYPE SEND with the client name, the terminal, MTTS, then repeats MTTS', () => {
    const negotiation = create();
    negotiation.receive(DO, TelnetOption.TTYPE);
    const send = Buffer.of(1);
    const answers = [1, 2, 3, 4].map(() =>
      negotiation
        .receiveSubnegotiation(TelnetOption.TTYPE, send)
        .map(reply => reply.subarray(4, -2).toString()),
    );
    assert.deepEqual(answers, [['timmy'], ['ANSI'], ['MTTS 5'], ['MTTS 5']]);
  });

  it('ignores TTYPE SEND before TTYPE was agreed', () => {
    assert.deepEqual(create().receiveSubnegotiation(TelnetOption.TTYPE, Buffer.of(1)), []);
  });

  it('sends a NAWS update on resize only once NAWS is on', () => {
    const negotiation = create();
    assert.deepEqual(negotiation.resize({ width: 80, height: 24 }), []);
    negotiation.receive(DO, TelnetOption.NAWS);
    assert.deepEqual(replyHex(negotiation.resize({ width: 120, height: 40 })), ['fffa1f00780028fff0']);
  });
});
