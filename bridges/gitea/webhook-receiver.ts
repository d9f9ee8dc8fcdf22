/**
 * Receives Gitea webhook deliveries on loopback: reads the raw body (bounded), checks
 * `X-Gitea-Signature` in constant time, rejects a missing or forged signature with 401 and a log line,
 * parses the payload of the event named by `X-Gitea-Event` and hands it to `onEvent` (the warden
 * announces it in game). Accepted deliveries are answered 204 before `onEvent` runs, so a slow announcer
 * never makes Gitea time out and redeliver.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GiteaWebhookEvent, parseWebhookEvent } from './webhook-payloads.ts';
import { verifyWebhookSignature } from './webhook-signature.ts';

export interface WebhookReceiverOptions {
  secret: string;
  onEvent: (event: GiteaWebhookEvent) => void | Promise<void>;
  log?: (line: string) => void;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  maxBodyBytes?: number;
}

export interface WebhookReceiverStats {
  accepted: number;
  rejected: number;
}

export interface WebhookReceiver {
  /** The URL to give Gitea as the hook's `config.url`. */
  url: string;
  port: number;
  stats: WebhookReceiverStats;
  stop(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const log = options.log ?? (() => {});
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const stats: WebhookReceiverStats = { accepted: 0, rejected: 0 };
  const answer = (response: http.ServerResponse, status: number, text = '') => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    response.end(text);
  };
  const reject = (
    response: http.ServerResponse,
    status: number,
    reason: string,
    request: http.IncomingMessage,
  ) => {
    stats.rejected++;
    const event = headerOf(request, 'x-gitea-event') ?? '-';
    const delivery = headerOf(request, 'x-gitea-delivery') ?? '-';
    log(
      `gitea webhook rejected (${status} ${reason}) event=${event} delivery=${delivery} from ${request.socket.remoteAddress}`,
    );
    answer(response, status, `${reason}\n`);
  };

  const server = http.createServer((request, response) => {
    if (request.method !== 'POST') {
      reject(response, 405, 'only POST is accepted', request);
      return;
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      reject(response, 413, 'body too large', request);
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        if (!tooLarge) reject(response, 413, 'body too large', request);
        tooLarge = true;
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', () => {});
    request.on('end', () => {
      if (tooLarge) return;
      const body = Buffer.concat(chunks);
      const verdict = verifyWebhookSignature(options.secret, body, headerOf(request, 'x-gitea-signature'));
      if (verdict !== 'valid') {
        reject(response, 401, `signature ${verdict}`, request);
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        reject(response, 400, 'body is not JSON', request);
        return;
      }
      const name = headerOf(request, 'x-gitea-event') ?? '';
      const event = parseWebhookEvent(name, headerOf(request, 'x-gitea-delivery') ?? '', json);
      if (!event) {
        reject(response, 400, `payload does not match the ${name || 'unnamed'} event`, request);
        return;
      }
      stats.accepted++;
      answer(response, 204);
      Promise.resolve()
        .then(() => options.onEvent(event))
        .catch(error =>
          log(`gitea webhook handler failed: ${error instanceof Error ? error.message : error}`),
        );
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}/`,
    port: address.port,
    stats,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function headerOf(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
