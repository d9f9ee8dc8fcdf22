/**
 * Evennia's websocket wire format (reference §7.2): every message is one text frame holding a JSON array
 * of exactly three elements, `[cmdname, [args], {kwargs}]`, in both directions. Incoming frames are size
 * checked, parsed and validated with zod; a bad frame becomes an error result, never an exception.
 */
import { z } from 'zod';
import { MudClientError, sampleOf } from '../errors.ts';

export interface WebsocketFrame {
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

const frameSchema = z.tuple([z.string().min(1), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export type FrameDecodeResult = { ok: true; frame: WebsocketFrame } | { ok: false; error: MudClientError };

function invalid(message: string, data: string, cause?: unknown): FrameDecodeResult {
  return {
    ok: false,
    error: new MudClientError('MUD_ERR_FRAME_INVALID', message, {
      cause,
      details: { sample: sampleOf(data) },
    }),
  };
}

/** Decodes one frame; `data` is the frame's text or its UTF-8 bytes. */
export function decodeWebsocketFrame(data: string | Uint8Array, maxFrameBytes: number): FrameDecodeResult {
  const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (size > maxFrameBytes) {
    return {
      ok: false,
      error: new MudClientError('MUD_ERR_FRAME_TOO_LARGE', `Websocket frame of ${size} bytes dropped`, {
        details: { size, limit: maxFrameBytes },
      }),
    };
  }
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return invalid('Websocket frame is not JSON', text, cause);
  }
  const parsed = frameSchema.safeParse(json);
  if (!parsed.success) {
    return invalid(`Websocket frame is not [name, [args], {kwargs}]: ${z.prettifyError(parsed.error)}`, text);
  }
  const [name, args, kwargs] = parsed.data;
  return { ok: true, frame: { name, args, kwargs } };
}

/** `[name, args, kwargs]` as JSON. Throws `MUD_ERR_INVALID_ARGUMENT` for data JSON cannot carry. */
export function encodeWebsocketFrame(
  name: string,
  args: unknown[] = [],
  kwargs: Record<string, unknown> = {},
): string {
  if (name === '') throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', 'OOB command name is empty');
  try {
    return JSON.stringify([name, args, kwargs]);
  } catch (cause) {
    throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', `OOB ${name} arguments are not JSON-serialisable`, {
      cause,
    });
  }
}
