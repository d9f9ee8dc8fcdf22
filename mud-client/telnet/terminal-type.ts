/**
 * TTYPE (RFC 1091) with the MUD Terminal Type Standard (MTTS, https://tintin.mudhalla.net/protocols/mtts/):
 * to successive `SB TTYPE SEND` requests the client answers its name, then its terminal type, then
 * `MTTS <bitvector>`, and repeats the last answer after that. Evennia asks three times (ttype.py).
 */
import { TelnetOption } from './telnet-codes.ts';
import { encodeSubnegotiation } from './telnet-encoder.ts';

/** MTTS capability bits as Evennia reads them (evennia/server/portal/ttype.py). */
export const MttsFlag = {
  ANSI: 1,
  VT100: 2,
  UTF8: 4,
  XTERM256: 8,
  MOUSE_TRACKING: 16,
  OSC_COLOR_PALETTE: 32,
  SCREENREADER: 64,
  PROXY: 128,
  TRUECOLOR: 256,
  MNES: 512,
  MSLP: 1024,
  SSL: 2048,
} as const;

export interface TerminalIdentity {
  clientName: string;
  terminalType: string;
  /** Sum of `MttsFlag` values. */
  mtts: number;
}

/** ANSI + UTF-8: the client strips colour anyway and asks for nothing fancier. */
export const DEFAULT_TERMINAL_IDENTITY: Readonly<TerminalIdentity> = Object.freeze({
  clientName: 'timmy',
  terminalType: 'ANSI',
  mtts: MttsFlag.ANSI | MttsFlag.UTF8,
});

const TTYPE_IS = 0;
export const TTYPE_SEND = 1;

/** Answers successive TTYPE SEND requests in MTTS order. */
export class TerminalTypeResponder {
  private readonly _answers: readonly string[];
  private _step = 0;

  constructor(identity: TerminalIdentity) {
    this._answers = [identity.clientName, identity.terminalType, `MTTS ${identity.mtts}`];
  }

  /** The next `IAC SB TTYPE IS <name> IAC SE`. */
  next(): Buffer {
    const index = Math.min(this._step, this._answers.length - 1);
    this._step += 1;
    const answer = this._answers[index] ?? '';
    return encodeSubnegotiation(
      TelnetOption.TTYPE,
      Buffer.concat([Buffer.of(TTYPE_IS), Buffer.from(answer, 'ascii')]),
    );
  }
}
