/**
 * Size caps for everything the client buffers from the network. A server that never sends a newline, never
 * ends a subnegotiation or sends a huge frame cannot grow memory past these.
 */
export interface MudClientLimits {
  /** Longest telnet line kept before it is delivered unfinished with `MUD_ERR_LINE_TOO_LONG`. */
  maxLineBytes: number;
  /** Largest telnet subnegotiation (GMCP payload included) kept; bigger ones are dropped with an error event. */
  maxSubnegotiationBytes: number;
  /** Largest websocket frame decoded; bigger ones are dropped with an error event, the socket stays open. */
  maxFrameBytes: number;
  /** Hard websocket limit (`ws` `maxPayload`): bigger messages make `ws` close the connection with 1009. */
  maxWebsocketPayloadBytes: number;
}

const MEBIBYTE = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<MudClientLimits> = Object.freeze({
  maxLineBytes: MEBIBYTE,
  maxSubnegotiationBytes: MEBIBYTE,
  maxFrameBytes: 4 * MEBIBYTE,
  maxWebsocketPayloadBytes: 16 * MEBIBYTE,
});
