/**
 * Telnet byte-stream parser (RFC 854): a socket-free state machine that turns raw bytes into tokens —
 * data runs (with `IAC IAC` unescaped), commands (GA, NOP, ...), option negotiations and subnegotiations.
 * State carries across `push` calls, so a sequence split between TCP chunks parses the same as a whole one.
 *
 * Memory is bounded: the only buffer is the current subnegotiation, capped at `maxSubnegotiationBytes`.
 * A bigger subnegotiation yields one `overflow` token as soon as the cap is passed and its remaining bytes
 * are skipped up to `IAC SE`.
 */
import { isNegotiationVerb, type NegotiationVerb, TelnetCommand } from './telnet-codes.ts';

export type TelnetToken =
  | { type: 'data'; bytes: Buffer }
  | { type: 'command'; command: number }
  | { type: 'negotiation'; verb: NegotiationVerb; option: number }
  | { type: 'subnegotiation'; option: number; payload: Buffer }
  | { type: 'overflow'; option: number; limit: number };

/** Parser states, numbered like the `ws` Receiver's. */
const ParserState = {
  Data: 0,
  Command: 1,
  Negotiation: 2,
  SubnegotiationOption: 3,
  Subnegotiation: 4,
  SubnegotiationCommand: 5,
  SubnegotiationDiscard: 6,
  SubnegotiationDiscardCommand: 7,
} as const;

type ParserState = (typeof ParserState)[keyof typeof ParserState];

export class TelnetParser {
  private readonly _maxSubnegotiationBytes: number;
  private _state: ParserState = ParserState.Data;
  private _verb: NegotiationVerb = TelnetCommand.WILL;
  private _option = 0;
  private _payload: Buffer;
  private _payloadLength = 0;

  constructor(options: { maxSubnegotiationBytes: number }) {
    this._maxSubnegotiationBytes = options.maxSubnegotiationBytes;
    this._payload = Buffer.alloc(Math.min(256, options.maxSubnegotiationBytes));
  }

  /** Bytes currently held for an unfinished subnegotiation; never more than `maxSubnegotiationBytes`. */
  get bufferedBytes(): number {
    return this._payloadLength;
  }

  push(chunk: Uint8Array): TelnetToken[] {
    const tokens: TelnetToken[] = [];
    let index = 0;
    while (index < chunk.length) {
      if (this._state === ParserState.Data) {
        const iac = chunk.indexOf(TelnetCommand.IAC, index);
        const end = iac === -1 ? chunk.length : iac;
        if (end > index) tokens.push({ type: 'data', bytes: Buffer.from(chunk.subarray(index, end)) });
        if (iac === -1) break;
        this._state = ParserState.Command;
        index = iac + 1;
        continue;
      }
      const byte = chunk[index] as number;
      index += 1;
      this._step(byte, tokens);
    }
    return tokens;
  }

  private _step(byte: number, tokens: TelnetToken[]): void {
    switch (this._state) {
      case ParserState.Command:
        this._command(byte, tokens);
        return;
      case ParserState.Negotiation:
        tokens.push({ type: 'negotiation', verb: this._verb, option: byte });
        this._state = ParserState.Data;
        return;
      case ParserState.SubnegotiationOption:
        this._option = byte;
        this._payloadLength = 0;
        this._state = ParserState.Subnegotiation;
        return;
      case ParserState.Subnegotiation:
        if (byte === TelnetCommand.IAC) this._state = ParserState.SubnegotiationCommand;
        else this._append(byte, tokens);
        return;
      case ParserState.SubnegotiationCommand:
        if (byte === TelnetCommand.IAC) {
          this._state = ParserState.Subnegotiation;
          this._append(byte, tokens);
        } else {
          // IAC SE ends the subnegotiation. Any other command is a server bug: end it there too, so that a
          // missing SE cannot swallow the rest of the stream, and act on the command.
          this._endSubnegotiation(tokens);
          if (byte !== TelnetCommand.SE) this._command(byte, tokens);
        }
        return;
      case ParserState.SubnegotiationDiscard:
        if (byte === TelnetCommand.IAC) this._state = ParserState.SubnegotiationDiscardCommand;
        return;
      case ParserState.SubnegotiationDiscardCommand:
        if (byte === TelnetCommand.IAC) {
          this._state = ParserState.SubnegotiationDiscard;
        } else {
          this._state = ParserState.Data;
          if (byte !== TelnetCommand.SE) this._command(byte, tokens);
        }
        return;
      default:
        return;
    }
  }

  /** Handles the byte after an IAC outside a subnegotiation. */
  private _command(byte: number, tokens: TelnetToken[]): void {
    if (byte === TelnetCommand.IAC) {
      tokens.push({ type: 'data', bytes: Buffer.of(TelnetCommand.IAC) });
      this._state = ParserState.Data;
    } else if (isNegotiationVerb(byte)) {
      this._verb = byte;
      this._state = ParserState.Negotiation;
    } else if (byte === TelnetCommand.SB) {
      this._state = ParserState.SubnegotiationOption;
    } else {
      // SE outside a subnegotiation is reported like any other command; consumers ignore what they do not know.
      tokens.push({ type: 'command', command: byte });
      this._state = ParserState.Data;
    }
  }

  private _append(byte: number, tokens: TelnetToken[]): void {
    if (this._payloadLength >= this._maxSubnegotiationBytes) {
      tokens.push({ type: 'overflow', option: this._option, limit: this._maxSubnegotiationBytes });
      this._release();
      this._state = ParserState.SubnegotiationDiscard;
      return;
    }
    if (this._payloadLength === this._payload.length) {
      const grown = Buffer.alloc(Math.min(this._payload.length * 2, this._maxSubnegotiationBytes));
      this._payload.copy(grown, 0, 0, this._payloadLength);
      this._payload = grown;
    }
    this._payload[this._payloadLength] = byte;
    this._payloadLength += 1;
  }

  private _endSubnegotiation(tokens: TelnetToken[]): void {
    tokens.push({
      type: 'subnegotiation',
      option: this._option,
      payload: Buffer.from(this._payload.subarray(0, this._payloadLength)),
    });
    this._release();
    this._state = ParserState.Data;
  }

  /** Drops the payload and shrinks the buffer back, so one large GMCP message does not pin memory. */
  private _release(): void {
    this._payloadLength = 0;
    if (this._payload.length > 4096) this._payload = Buffer.alloc(256);
  }
}
