/**
 * Turns one incoming websocket message into `MudEvent`s (socket-free, never throws):
 * `["text", ["<html>"], {type}]` -> `text` with plain text and `messageType`; `["prompt", ["<html>"], {}]` ->
 * `prompt`; any other name -> `oob` under Evennia's own name with the `options` kwarg removed (Evennia's
 * `send_default` leaves it in); anything malformed -> one `error` event.
 */
import { MudClientError, sampleOf } from '../errors.ts';
import type { MudEvent } from '../events.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import { htmlToText } from '../text/html-to-text.ts';
import { decodeWebsocketFrame, type WebsocketFrame } from './websocket-frame.ts';

export interface WebsocketDecodeOptions {
  isBinary?: boolean;
  maxFrameBytes?: number;
}

/**
 * Plain text of a text/prompt frame. Evennia turns a message's final newline into a trailing `<br>`; trailing
 * newlines are dropped, as telnet text events drop trailing blank lines.
 */
function frameText(frame: WebsocketFrame): string | undefined {
  const html = frame.args[0];
  if (typeof html !== 'string') return undefined;
  return htmlToText(html).replace(/\n+$/, '');
}

export function decodeWebsocketMessage(
  data: string | Uint8Array,
  options: WebsocketDecodeOptions = {},
): MudEvent[] {
  if (options.isBinary === true) {
    const error = new MudClientError(
      'MUD_ERR_FRAME_INVALID',
      'Binary websocket frame; Evennia sends text frames',
      {
        details: { size: typeof data === 'string' ? data.length : data.byteLength },
      },
    );
    return [{ kind: 'error', error }];
  }
  const result = decodeWebsocketFrame(data, options.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes);
  if (!result.ok) return [{ kind: 'error', error: result.error }];
  const { frame } = result;

  if (frame.name === 'text' || frame.name === 'prompt') {
    const text = frameText(frame);
    if (text === undefined) {
      const error = new MudClientError(
        'MUD_ERR_FRAME_INVALID',
        `Websocket ${frame.name} frame without a string`,
        {
          details: { sample: sampleOf(JSON.stringify(frame.args)) },
        },
      );
      return [{ kind: 'error', error }];
    }
    if (text.trim() === '') return [];
    if (frame.name === 'prompt') return [{ kind: 'prompt', text }];
    const messageType = frame.kwargs.type;
    return [typeof messageType === 'string' ? { kind: 'text', text, messageType } : { kind: 'text', text }];
  }

  const { options: _options, ...kwargs } = frame.kwargs;
  return [{ kind: 'oob', name: frame.name, args: frame.args, kwargs }];
}
