/**
 * A FAKE Ollama HTTP server on 127.0.0.1, for tests only. It exists for the faults a real Ollama cannot
 * be made to produce on demand: a `{"error": ...}` line in the middle of a 200 NDJSON stream, and a
 * request that never gets an answer (a hung server). Everything else is tested against the real
 * Ollama built by the harness (test/integration/ollama-brain.spec.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeChatBehaviour =
  /** Streams one content chunk, then a `{"error"}` line, and ends the response. */
  | { kind: 'error-mid-stream'; content: string; error: string }
  /** Accepts the request and never answers (until the server is closed). */
  | { kind: 'hang' }
  /** A normal NDJSON stream whose content is `content`. */
  | { kind: 'answer'; content: string };

export class FakeOllamaServer {
  readonly requests: { path: string; body: unknown }[] = [];
  private readonly server: http.Server;
  private readonly open = new Set<http.ServerResponse>();

  private constructor(
    private chat: FakeChatBehaviour,
    private readonly capabilities: string[],
  ) {
    this.server = http.createServer((request, response) => this.handle(request, response));
  }

  static async start(chat: FakeChatBehaviour, capabilities = ['completion']): Promise<FakeOllamaServer> {
    const fake = new FakeOllamaServer(chat, capabilities);
    await new Promise<void>(resolve => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get host(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  setChat(chat: FakeChatBehaviour): void {
    this.chat = chat;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    let raw = '';
    request.on('data', chunk => {
      raw += chunk;
    });
    request.on('end', () => {
      const path = request.url ?? '';
      this.requests.push({ path, body: raw ? JSON.parse(raw) : undefined });
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (path === '/api/version') return json(200, { version: '0.0.0-fake' });
      if (path === '/api/show') return json(200, { capabilities: this.capabilities, template: '' });
      if (path !== '/api/chat') return json(404, { error: 'not found' });
      const chat = this.chat;
      if (chat.kind === 'hang') {
        this.open.add(response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const line = (body: unknown) => response.write(`${JSON.stringify(body)}\n`);
      const message = (content: string) => ({ role: 'assistant', content });
      line({
        model: 'fake',
        created_at: new Date().toISOString(),
        message: message(chat.content),
        done: false,
      });
      if (chat.kind === 'error-mid-stream') line({ error: chat.error });
      else {
        line({
          model: 'fake',
          created_at: new Date().toISOString(),
          message: message(''),
          done: true,
          done_reason: 'stop',
          prompt_eval_count: 42,
          eval_count: 7,
        });
      }
      response.end();
    });
  }

  async close(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}
