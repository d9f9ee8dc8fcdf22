/**
 * Option negotiation for a client of Evennia 5.0.1 (reference §5.1), loop-free per RFC 854/1143: an
 * answer is sent only when an option's state changes, never to acknowledge a state already in force.
 *
 * Server offers (`WILL x`): accept SGA and GMCP; refuse MCCP2 (compression), MSSP, MSDP (it would double
 * every OOB message next to GMCP), MXP, ECHO and anything unknown.
 * Server requests (`DO x`): accept NAWS (answered with the window size) and TTYPE (answered with
 * the MTTS identity on each `SEND`); refuse LINEMODE and anything unknown.
 */
import { encodeNaws, type WindowSize } from './naws.ts';
import { type NegotiationVerb, TelnetCommand, TelnetOption } from './telnet-codes.ts';
import { encodeNegotiation } from './telnet-encoder.ts';
import { type TerminalIdentity, TerminalTypeResponder, TTYPE_SEND } from './terminal-type.ts';

/** Options the server may enable on its side. */
const ACCEPTED_REMOTE: ReadonlySet<number> = new Set([TelnetOption.SGA, TelnetOption.GMCP]);
/** Options the client enables on its side when asked. */
const ACCEPTED_LOCAL: ReadonlySet<number> = new Set([TelnetOption.NAWS, TelnetOption.TTYPE]);

export interface TelnetNegotiationOptions {
  windowSize: WindowSize;
  identity: TerminalIdentity;
}

export class TelnetNegotiation {
  private readonly _remote = new Set<number>();
  private readonly _local = new Set<number>();
  private readonly _terminalType: TerminalTypeResponder;
  private _windowSize: WindowSize;

  constructor(options: TelnetNegotiationOptions) {
    this._windowSize = { ...options.windowSize };
    this._terminalType = new TerminalTypeResponder(options.identity);
  }

  /** The server agreed to perform `option` (it sent WILL and we answered DO). */
  isRemoteEnabled(option: number): boolean {
    return this._remote.has(option);
  }

  /** We perform `option` (the server sent DO and we answered WILL). */
  isLocalEnabled(option: number): boolean {
    return this._local.has(option);
  }

  /** Handles `IAC <verb> <option>`; returns the bytes to send back (possibly none). */
  receive(verb: NegotiationVerb, option: number): Buffer[] {
    switch (verb) {
      case TelnetCommand.WILL:
        if (this._remote.has(option)) return [];
        if (!ACCEPTED_REMOTE.has(option)) return [encodeNegotiation(TelnetCommand.DONT, option)];
        this._remote.add(option);
        return [encodeNegotiation(TelnetCommand.DO, option)];
      case TelnetCommand.WONT:
        if (!this._remote.delete(option)) return [];
        return [encodeNegotiation(TelnetCommand.DONT, option)];
      case TelnetCommand.DO:
        if (this._local.has(option)) return [];
        if (!ACCEPTED_LOCAL.has(option)) return [encodeNegotiation(TelnetCommand.WONT, option)];
        this._local.add(option);
        return option === TelnetOption.NAWS
          ? [encodeNegotiation(TelnetCommand.WILL, option), encodeNaws(this._windowSize)]
          : [encodeNegotiation(TelnetCommand.WILL, option)];
      case TelnetCommand.DONT:
        if (!this._local.delete(option)) return [];
        return [encodeNegotiation(TelnetCommand.WONT, option)];
      default:
        return [];
    }
  }

  /** Handles a subnegotiation addressed to the client side (only `TTYPE SEND` needs an answer). */
  receiveSubnegotiation(option: number, payload: Buffer): Buffer[] {
    if (option === TelnetOption.TTYPE && this._local.has(option) && payload[0] === TTYPE_SEND) {
      return [this._terminalType.next()];
    }
    return [];
  }

  /** Records a new window size; returns the NAWS update to send when NAWS is enabled. */
  resize(size: WindowSize): Buffer[] {
    this._windowSize = { ...size };
    return this._local.has(TelnetOption.NAWS) ? [encodeNaws(size)] : [];
  }
}
