import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MudClientError } from '../errors.ts';
import { encodeNaws } from './naws.ts';
import { encodeCommandLine, encodeNegotiation, encodeSubnegotiation, escapeIac } from './telnet-encoder.ts';

describe('escapeIac', () => {
  it('doubles every 0xFF byte and leaves the others alone', () => {
    assert.equal(escapeIac(Buffer.from('61ff62ffff', 'hex')).toString('hex'), '61ffff62ffffffff');
  });

  it('returns bytes without IAC unchanged', () => {
    assert.equal(escapeIac(Buffer.from('look')).toString(), 'look');
  });
});

describe('encodeCommandLine', () => {
  it('encodes UTF-8 and appends CRLF', () => {
    assert.equal(
      encodeCommandLine('say Grüße').toString('hex'),
      `${Buffer.from('say Grüße').toString('hex')}0d0a`,
    );
  });

  it('refuses a line holding CR or LF, which Evennia would run as two commands', () => {
    for (const line of ['look\nquit', 'look\r']) {
      assert.throws(
        () => encodeCommandLine(line),
        (error: unknown) => error instanceof MudClientError && error.code === 'MUD_ERR_INVALID_ARGUMENT',
      );
    }
  });
});

describe('encodeSubnegotiation', () => {
  it('frames the payload with IAC SB option and IAC SE, doubling IAC inside', () => {
    assert.equal(encodeSubnegotiation(201, Buffer.from('41ff', 'hex')).toString('hex'), 'fffac941fffffff0');
  });
});

describe('encodeNegotiation', () => {
  it('writes IAC, the verb and the option', () => {
    assert.equal(encodeNegotiation(253, 201).toString('hex'), 'fffdc9');
  });
});

describe('encodeNaws', () => {
  it('sends 200x50 as two big-endian 16-bit numbers', () => {
    assert.equal(encodeNaws({ width: 200, height: 50 }).toString('hex'), 'fffa1f00c80032fff0');
  });

  it('doubles a 255 in the size so it is not read as IAC (the telnetlib bug)', () => {
    assert.equal(encodeNaws({ width: 255, height: 0xff00 }).toString('hex'), 'fffa1f00ffffffff00fff0');
  });

  it('clamps sizes to 16 bits', () => {
    assert.equal(encodeNaws({ width: 70_000, height: -5 }).toString('hex'), 'fffa1fffffffff0000fff0');
  });
});
