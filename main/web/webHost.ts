import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { HostService } from '../session/hostService.js';
import { HostSession, MalformedMessageError } from '../session/hostSession.js';
import { PAGE_TYPES, pageCsp } from '../session/pageCsp.js';
import { DEFAULT_SEND_LIMITS, SendBudget, type SendLimits } from './sendBudget.js';

export interface WebHostOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  service?: HostService;
  /** The built page (dist/renderer). */
  staticDir?: string;
  version?: string;
  /** What the host holds for pages that do not read (DEFAULT_SEND_LIMITS). */
  sendLimits?: Partial<SendLimits>;
}

export interface WebHost {
  /** The page's address, token included: the only way in. */
  url: string;
  port: number;
  close(): Promise<void>;
}


/** Scenario texts and calls are small; this only bounds what a misbehaving page can make the host hold. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Serves the page and the host API on loopback. Every request must carry the per-launch token as the
 * first path segment (so the page's relative URLs and its WebSocket carry it too) and a Host header
 * naming this loopback address; that shuts out other local users' browsers, other sites' scripts and
 * DNS-rebinding pages alike.
 */
export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const service = options.service ?? new HostService();
  const staticDir = options.staticDir ?? findBuiltPage();
  const token = randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let port = 0;
  /** Runs under way from every page. */
  const hostRuns = new Set<string>();
  const budget = new SendBudget({ ...DEFAULT_SEND_LIMITS, ...options.sendLimits });
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const hasToken = (segment: string) => {
    const b = Buffer.from(segment);
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
  };
  /** Token and Host checked; returns the decoded path after the token, or null when refused. */
  const admit = (req: IncomingMessage): string | null => {
    if (!allowedHosts().has(req.headers.host ?? '')) return null;
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      // A request line no URL parser accepts, or a broken %-escape: refused like any stranger.
      return null;
    }
    const [, first, ...rest] = path.split('/');
    if (!first || !hasToken(first)) return null;
    return '/' + rest.join('/');
  };

  const server = createServer((req, res) => {
    const path = admit(req);
    if (path === null) return refuse(res, req.headers.host ?? '');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    serveFile(res, staticDir, path === '/' ? '/index.html' : path, port, req.method === 'HEAD').catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const path = admit(req);
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || [...allowedHosts()].some((h) => origin === `http://${h}`);
    if (path !== '/api' || !sameOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => servePage(ws, service, options.version ?? '0.0.0', hostRuns, budget));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    close: async () => {
      budget.close();
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await new Promise<void>((r) => server.close(() => r()));
      // A service made here is this host's alone: its uploaded files go with it.
      if (!options.service) await service.dispose();
    },
  };
}

function refuse(res: ServerResponse, host: string): void {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    host.startsWith('127.0.0.1:') || host.startsWith('localhost:')
      ? 'Forbidden: open the address Reforest printed when it started; it carries this launch\'s token.\n'
      : 'Forbidden: this server answers only on its loopback address.\n',
  );
}

async function serveFile(res: ServerResponse, root: string, path: string, port: number, headOnly: boolean): Promise<void> {
  const file = normalize(join(root, path));
  if (!file.startsWith(root + sep)) {
    res.writeHead(404).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': PAGE_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': pageCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
  });
  res.end(headOnly ? undefined : body);
}

/** One page's connection: the WebSocket carries the frames of its HostSession; closing it ends the session. */
function servePage(ws: WebSocket, service: HostService, version: string, hostRuns: Set<string>, budget: SendBudget): void {
  budget.add(ws);
  const session = new HostSession({
    service,
    kind: 'web',
    version,
    hostRuns,
    // A page that stops reading is dropped (see SendBudget); closing cancels its runs rather than holding their frames.
    send: (frame) => budget.send(ws, frame),
  });
  ws.on('message', (data, isBinary) => {
    try {
      if (!isBinary) throw new MalformedMessageError('expected a binary message');
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      session.receive(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    } catch (err) {
      ws.close(1003, `Malformed message: ${(err as Error).message}`.slice(0, 120));
    }
  });
  ws.on('close', () => session.dispose());
  // A protocol error (a bad frame, a message over the size limit) ends this page's connection only;
  // 'close' follows and cancels its runs.
  ws.on('error', () => ws.terminate());
}

/** dist/renderer, found from the compiled host (dist/main/web) or from its sources (main/web). */
function findBuiltPage(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', '..', 'renderer'), join(here, '..', '..', 'dist', 'renderer')]) {
    if (existsSync(join(candidate, 'app.js'))) return normalize(candidate);
  }
  throw new Error('The page is not built: run "npm run build" first (it writes dist/renderer).');
}
