/**
 * A real git smart-HTTP server for tests: git's own `git http-backend` (the CGI program that serves
 * clone/fetch/push over HTTP) behind a tiny node:http CGI wrapper on 127.0.0.1 and a free port, serving
 * bare repositories from a temporary directory. It requires `Authorization` to equal one of the accepted
 * headers (Basic with the token as password, as Gitea accepts) and records every Authorization header
 * it receives. Used by the journal tests until the Gitea harness serves the same role.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../../supervisor/run-command.ts';

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  port: number;
  /** Folder of the bare repositories (`<name>.git`). */
  root: string;
  /** Every Authorization header received, in order (`undefined` for requests without one). */
  authorizations: (string | undefined)[];
  /** Creates an empty bare repository and returns its URL (without credentials). */
  createRepository(name: string): Promise<string>;
  /** Stops listening (the repositories stay) — a remote outage. */
  pause(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export function basicAuthorization(username: string, token: string): string {
  return `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`;
}

/** Starts the server; `token` is accepted as the Basic-auth password with any user name. */
export async function startGitHttpServer(token: string): Promise<GitHttpServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'timmy-git-http-'));
  const authorizations: (string | undefined)[] = [];
  const accepts = (header: string | undefined) => {
    const match = /^Basic (.+)$/.exec(header ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) === token;
  };
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    authorizations.push(request.headers.authorization);
    if (!accepts(request.headers.authorization)) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('authentication required\n');
      return;
    }
    serveCgi(root, request, response);
  };
  let server: Server = createServer(handler);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(0);
  const close = () =>
    new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    root,
    authorizations,
    async createRepository(name) {
      const directory = path.join(root, `${name}.git`);
      const init = await runCommand('git', [
        'init',
        '--quiet',
        '--bare',
        '--initial-branch',
        'main',
        directory,
      ]);
      if (init.exitCode !== 0) throw new Error(`git init --bare failed: ${init.output}`);
      return `http://127.0.0.1:${port}/${name}.git`;
    },
    pause: close,
    async resume() {
      server = createServer(handler);
      await listen(port);
    },
    async stop() {
      await close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function serveCgi(root: string, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const environment: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: request.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: request.headers['content-type'] ?? '',
    REMOTE_USER: 'timmy',
    REMOTE_ADDR: '127.0.0.1',
    ...(request.headers['content-encoding']
      ? { HTTP_CONTENT_ENCODING: request.headers['content-encoding'] }
      : {}),
    ...(request.headers['content-length'] ? { CONTENT_LENGTH: request.headers['content-length'] } : {}),
    ...(request.headers['git-protocol'] ? { GIT_PROTOCOL: String(request.headers['git-protocol']) } : {}),
  };
  const cgi = spawn('git', ['http-backend'], { env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
  request.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    const separator = end >= 0 ? 4 : 2;
    const at = end >= 0 ? end : head.indexOf('\n\n');
    if (at < 0) return;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, at).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    response.writeHead(status, headers);
    headersSent = true;
    response.write(head.subarray(at + separator));
  });
  let errors = '';
  cgi.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  cgi.on('close', code => {
    if (!headersSent) response.writeHead(500).end(`git http-backend failed (${code}): ${errors}`);
    else response.end();
  });
  cgi.on('error', error => {
    if (!headersSent) response.writeHead(500).end(String(error));
  });
}
