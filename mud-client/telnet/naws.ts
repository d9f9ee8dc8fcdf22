/**
 * NAWS, Negotiate About Window Size (RFC 1073): the client reports its width and height as two 16-bit
 * big-endian numbers. Evennia uses the width for text wrapping and its tables.
 */
import { TelnetOption } from './telnet-codes.ts';
import { encodeSubnegotiation } from './telnet-encoder.ts';

export interface WindowSize {
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE: Readonly<WindowSize> = Object.freeze({ width: 200, height: 50 });

function clampToUint16(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(0xffff, Math.max(0, Math.trunc(value)));
}

/** `IAC SB NAWS w_hi w_lo h_hi h_lo IAC SE`; a 255 in any byte is doubled by the encoder. */
export function encodeNaws(size: WindowSize): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt16BE(clampToUint16(size.width), 0);
  payload.writeUInt16BE(clampToUint16(size.height), 2);
  return encodeSubnegotiation(TelnetOption.NAWS, payload);
}
