/**
 * The relay connections of the bridge: nostr-tools' `SimplePool` with the `ws` package as its WebSocket
 * (Node 20 has no global WebSocket, and each nostr-tools entry point keeps its own implementation
 * variable, so the setter must come from `nostr-tools/pool`, the same entry point as the pool).
 * Everything else in the bridge takes the narrow `NostrPool` interface, so unit tests inject a fake.
 */
import { SimplePool, useWebSocketImplementation } from 'nostr-tools/pool';
import WebSocket from 'ws';

useWebSocketImplementation(WebSocket);

/** What the bridge uses of a pool (a `SimplePool` satisfies it). */
export type NostrPool = Pick<SimplePool, 'publish' | 'subscribe' | 'querySync' | 'close' | 'destroy'>;

export interface RelayPoolOptions {
  /**
   * Let nostr-tools reconnect and resubscribe after a relay drops (off by default: publishing opens a
   * new connection per attempt anyway, and the task inbox resubscribes itself with a correct `since`).
   */
  reconnect?: boolean;
}

export function createRelayPool(options: RelayPoolOptions = {}): SimplePool {
  return new SimplePool({ enableReconnect: options.reconnect ?? false, enablePing: false });
}
