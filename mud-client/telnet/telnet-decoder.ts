/**
 * The socket-free telnet decoder: raw bytes in, `MudEvent`s and negotiation replies out. It composes the
 * byte parser, option negotiation, GMCP decoding and the line buffer; `TelnetTransport` only moves bytes
 * between it and a socket.
 *
 * Text: complete lines are cleaned (ANSI and control characters removed) and the lines completed by one
 * `push` become one `text` event, emitted before any OOB or error event that followed them on the wire. Telnet
 * has no message boundaries (Evennia sends no GA by default), so how lines group into events follows the
 * TCP chunks; the lines and their order do not.
 *
 * Prompts: Evennia ends all text with CRLF but sends prompts without one and, by default, without GA. The
 * unfinished line stays buffered until the transport calls `flushPrompt()` after a short idle time (or a GA
 * or EOR arrives), and then becomes a `prompt` event. Limitation: a text line whose TCP segments arrive
 * further apart than that idle time is delivered as a `prompt` (its head) plus a `text` (its tail).
 */
import { MudClientError } from '../errors.ts';
import type { MudEvent } from '../events.ts';
import { DEFAULT_LIMITS, type MudClientLimits } from '../limits.ts';
import { toPlainText } from '../text/plain-text.ts';
import { decodeGmcp } from './gmcp.ts';
import { DEFAULT_WINDOW_SIZE, type WindowSize } from './naws.ts';
import { TelnetCommand, TelnetOption } from './telnet-codes.ts';
import { TelnetLineBuffer } from './telnet-line-buffer.ts';
import { TelnetNegotiation } from './telnet-negotiation.ts';
import { TelnetParser, type TelnetToken } from './telnet-parser.ts';
import { DEFAULT_TERMINAL_IDENTITY, type TerminalIdentity } from './terminal-type.ts';

export interface TelnetDecoderOptions {
  windowSize?: WindowSize;
  identity?: TerminalIdentity;
  limits?: Partial<Pick<MudClientLimits, 'maxLineBytes' | 'maxSubnegotiationBytes'>>;
}

export interface TelnetDecoderOutput {
  events: MudEvent[];
  /** Bytes to write back to the server (negotiation answers, NAWS, TTYPE), in order. */
  replies: Buffer[];
}

export class TelnetDecoder {
  private readonly _parser: TelnetParser;
  private readonly _lines: TelnetLineBuffer;
  private readonly _negotiation: TelnetNegotiation;
  private readonly _limits: Pick<MudClientLimits, 'maxLineBytes' | 'maxSubnegotiationBytes'>;
  private _pendingLines: string[] = [];

  constructor(options: TelnetDecoderOptions = {}) {
    this._limits = {
      maxLineBytes: options.limits?.maxLineBytes ?? DEFAULT_LIMITS.maxLineBytes,
      maxSubnegotiationBytes: options.limits?.maxSubnegotiationBytes ?? DEFAULT_LIMITS.maxSubnegotiationBytes,
    };
    this._parser = new TelnetParser({ maxSubnegotiationBytes: this._limits.maxSubnegotiationBytes });
    this._lines = new TelnetLineBuffer({ maxLineBytes: this._limits.maxLineBytes });
    this._negotiation = new TelnetNegotiation({
      windowSize: options.windowSize ?? DEFAULT_WINDOW_SIZE,
      identity: options.identity ?? DEFAULT_TERMINAL_IDENTITY,
    });
  }

  /** The server agreed to GMCP, so OOB messages can be sent. */
  get gmcpEnabled(): boolean {
    return this._negotiation.isRemoteEnabled(TelnetOption.GMCP);
  }

  /** Text received after the last line end, waiting to be flushed as a prompt. */
  get hasPartialLine(): boolean {
    return this._lines.hasPartialLine;
  }

  /** Bytes held across `push` calls; never more than `maxLineBytes + maxSubnegotiationBytes`. */
  get bufferedBytes(): { line: number; subnegotiation: number } {
    return { line: this._lines.bufferedBytes, subnegotiation: this._parser.bufferedBytes };
  }

  push(chunk: Uint8Array): TelnetDecoderOutput {
    const output: TelnetDecoderOutput = { events: [], replies: [] };
    for (const token of this._parser.push(chunk)) this._token(token, output);
    this._flushLines(output.events);
    return output;
  }

  /** Delivers the unfinished line as a `prompt` event (call after an idle time). */
  flushPrompt(): MudEvent[] {
    const events: MudEvent[] = [];
    this._flushPrompt(events);
    return events;
  }

  /** At connection end: delivers whatever unfinished line is left as text. */
  end(): MudEvent[] {
    const text = toPlainText(this._lines.takePartialLine());
    return text.trim() === '' ? [] : [{ kind: 'text', text }];
  }

  /** Records a new window size; returns the NAWS update to send, if NAWS is on. */
  resize(size: WindowSize): Buffer[] {
    return this._negotiation.resize(size);
  }

  private _token(token: TelnetToken, output: TelnetDecoderOutput): void {
    switch (token.type) {
      case 'data':
        for (const piece of this._lines.push(token.bytes)) {
          this._pendingLines.push(toPlainText(piece.text));
          if (!piece.complete) this._lineTooLong(output.events);
        }
        return;
      case 'command':
        // GA and EOR mark the end of a prompt; NOP (Evennia's 30 s keepalive) and the rest are ignored.
        if (token.command === TelnetCommand.GA || token.command === TelnetCommand.EOR) {
          this._flushPrompt(output.events);
        }
        return;
      case 'negotiation':
        output.replies.push(...this._negotiation.receive(token.verb, token.option));
        return;
      case 'subnegotiation':
        if (token.option === TelnetOption.GMCP) {
          this._flushLines(output.events);
          const result = decodeGmcp(token.payload);
          output.events.push(result.ok ? result.event : { kind: 'error', error: result.error });
        } else {
          output.replies.push(...this._negotiation.receiveSubnegotiation(token.option, token.payload));
        }
        return;
      case 'overflow':
        this._flushLines(output.events);
        output.events.push({ kind: 'error', error: this._overflowError(token.option, token.limit) });
        return;
    }
  }

  private _lineTooLong(events: MudEvent[]): void {
    this._flushLines(events);
    events.push({
      kind: 'error',
      error: new MudClientError(
        'MUD_ERR_LINE_TOO_LONG',
        `Line longer than ${this._limits.maxLineBytes} bytes; delivered unfinished`,
        { details: { limit: this._limits.maxLineBytes } },
      ),
    });
  }

  private _overflowError(option: number, limit: number): MudClientError {
    return option === TelnetOption.GMCP
      ? new MudClientError('MUD_ERR_GMCP_TOO_LARGE', `GMCP message larger than ${limit} bytes dropped`, {
          details: { limit },
        })
      : new MudClientError(
          'MUD_ERR_SUBNEGOTIATION_TOO_LARGE',
          `Subnegotiation of option ${option} larger than ${limit} bytes dropped`,
          { details: { option, limit } },
        );
  }

  private _flushLines(events: MudEvent[]): void {
    if (this._pendingLines.length === 0) return;
    // Trailing blank lines (Evennia's `ESC[0m` after a final newline leaves one) carry nothing.
    const text = this._pendingLines.join('\n').replace(/\n+$/, '');
    this._pendingLines = [];
    if (text.trim() !== '') events.push({ kind: 'text', text });
  }

  private _flushPrompt(events: MudEvent[]): void {
    this._flushLines(events);
    const text = toPlainText(this._lines.takePartialLine());
    if (text.trim() !== '') events.push({ kind: 'prompt', text });
  }
}
