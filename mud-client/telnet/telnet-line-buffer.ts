/**
 * Splits telnet data into lines on LF and decodes UTF-8. A character split across chunks decodes correctly
 * (LF never occurs inside a multi-byte UTF-8 sequence, and the decoder keeps an unfinished sequence for the
 * next chunk). The unfinished last line is capped at `maxLineBytes`: past it, the buffered text is handed
 * out as an incomplete piece and buffering starts again, so memory stays bounded.
 */
import { StringDecoder } from 'node:string_decoder';

const LINE_FEED = 0x0a;

export interface LinePiece {
  text: string;
  /** False when the piece was cut at the cap rather than ended by LF. */
  complete: boolean;
}

export class TelnetLineBuffer {
  private readonly _maxLineBytes: number;
  private readonly _decoder = new StringDecoder('utf8');
  private _partial = '';
  private _partialBytes = 0;

  constructor(options: { maxLineBytes: number }) {
    this._maxLineBytes = Math.max(1, Math.trunc(options.maxLineBytes));
  }

  /** Bytes held for the unfinished line (plus at most 3 of an unfinished UTF-8 sequence). */
  get bufferedBytes(): number {
    return this._partialBytes;
  }

  get hasPartialLine(): boolean {
    return this._partial.length > 0;
  }

  push(bytes: Uint8Array): LinePiece[] {
    const pieces: LinePiece[] = [];
    let position = 0;
    while (position < bytes.length) {
      const lineFeed = bytes.indexOf(LINE_FEED, position);
      const end = lineFeed === -1 ? bytes.length : lineFeed;
      const room = this._maxLineBytes - this._partialBytes;
      if (end - position > room) {
        this._partial += this._decoder.write(bytes.subarray(position, position + room));
        pieces.push({ text: this._take(), complete: false });
        position += room;
        continue;
      }
      this._partial += this._decoder.write(bytes.subarray(position, end));
      this._partialBytes += end - position;
      if (lineFeed === -1) break;
      // An unfinished UTF-8 sequence before LF is invalid: end() turns it into U+FFFD within this line.
      this._partial += this._decoder.end();
      pieces.push({ text: this._take(), complete: true });
      position = lineFeed + 1;
    }
    return pieces;
  }

  /** Hands out the unfinished line (e.g. a prompt) and empties the buffer. */
  takePartialLine(): string {
    return this._take();
  }

  private _take(): string {
    const text = this._partial;
    this._partial = '';
    this._partialBytes = 0;
    return text;
  }
}
