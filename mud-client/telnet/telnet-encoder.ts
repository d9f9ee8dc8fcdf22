/**
 * Bytes the client writes: command lines, negotiation answers and subnegotiations, with every literal
 * 0xFF doubled (RFC 854). Telnetlib 1.0.2 corrupts any 0xFF here (see DECISIONS.md).
 */
import { MudClientError } from '../errors.ts';
import { type NegotiationVerb, TelnetCommand } from './telnet-codes.ts';

/** Doubles every IAC byte so it travels as data. Returns the input itself when it holds no IAC. */
export function escapeIac(bytes: Uint8Array): Buffer {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (const byte of input) if (byte === TelnetCommand.IAC) count += 1;
  if (count === 0) return input;
  const output = Buffer.alloc(input.length + count);
  let position = 0;
  for (const byte of input) {
    output[position++] = byte;
    if (byte === TelnetCommand.IAC) output[position++] = byte;
  }
  return output;
}

/**
 * One command line: UTF-8, IAC doubled, CRLF appended. Evennia splits input on any CR or LF, so a line that
 * holds one would run as several commands; that is refused.
 */
export function encodeCommandLine(line: string): Buffer {
  if (/[\r\n]/.test(line)) {
    throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', 'A command line must not contain CR or LF');
  }
  return Buffer.concat([escapeIac(Buffer.from(line, 'utf8')), Buffer.from('\r\n', 'latin1')]);
}

export function encodeNegotiation(verb: NegotiationVerb, option: number): Buffer {
  return Buffer.of(TelnetCommand.IAC, verb, option);
}

/** `IAC SB <option> <payload, IAC doubled> IAC SE`. */
export function encodeSubnegotiation(option: number, payload: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.of(TelnetCommand.IAC, TelnetCommand.SB, option),
    escapeIac(payload),
    Buffer.of(TelnetCommand.IAC, TelnetCommand.SE),
  ]);
}
