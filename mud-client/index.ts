/**
 * Public surface of the MUD client protocol layer: the event model, the `Transport` contract, the two
 * transports, their pure decoders (for tests and tools) and the error root.
 */
export { MudClientError, type MudClientErrorCode, type MudClientErrorOptions } from './errors.ts';
export type {
  ConnectionEvent,
  ErrorEvent,
  MudEvent,
  MudEventListener,
  OobEvent,
  PromptEvent,
  TextEvent,
} from './events.ts';
export { DEFAULT_LIMITS, type MudClientLimits } from './limits.ts';
export { parseLook } from './perception/look-parser.ts';
export {
  onRoomInfo,
  parseRoomInfo,
  ROOM_INFO,
  type RoomInfo,
  RoomInfoSchema,
  roomInfoToPerception,
} from './perception/room-info.ts';
export type { RoomPerception } from './perception/room-perception.ts';
export type { CommandResult, CorrelationMethod } from './session/command-result.ts';
export {
  DEFAULT_PORT,
  type MudConnectionOptions,
  mudSession,
  type TransportKind,
} from './session/mud-connection.ts';
export {
  type Credentials,
  MudSession,
  type SessionEvent,
  type SessionOptions,
  type SessionState,
} from './session/mud-session.ts';
export { decodeGmcp, encodeGmcp } from './telnet/gmcp.ts';
export { evenniaToGmcpName, gmcpToEvenniaName } from './telnet/gmcp-names.ts';
export { DEFAULT_WINDOW_SIZE, type WindowSize } from './telnet/naws.ts';
export {
  TelnetDecoder,
  type TelnetDecoderOptions,
  type TelnetDecoderOutput,
} from './telnet/telnet-decoder.ts';
export {
  type TelnetSocket,
  type TelnetSocketFactory,
  TelnetTransport,
  type TelnetTransportOptions,
} from './telnet/telnet-transport.ts';
export { DEFAULT_TERMINAL_IDENTITY, MttsFlag, type TerminalIdentity } from './telnet/terminal-type.ts';
export { htmlToText } from './text/html-to-text.ts';
export { toPlainText } from './text/plain-text.ts';
export type { Transport } from './transport.ts';
export { decodeWebsocketMessage, type WebsocketDecodeOptions } from './websocket/websocket-decoder.ts';
export {
  decodeWebsocketFrame,
  encodeWebsocketFrame,
  type WebsocketFrame,
} from './websocket/websocket-frame.ts';
export {
  type WebsocketConstructor,
  type WebsocketLike,
  WebsocketTransport,
  type WebsocketTransportOptions,
} from './websocket/websocket-transport.ts';
