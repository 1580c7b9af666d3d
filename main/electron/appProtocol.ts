import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { PAGE_TYPES, pageCsp } from '../session/pageCsp.js';

/** The page's origin in the desktop app: a custom standard scheme, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'reforest';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * Answers a request for `app://reforest/…` from the built page in `root` (dist/renderer), with the
 * page's CSP. Anything else (another host, a path leaving the folder, a method other than GET) is
 * refused. Electron's protocol.handle calls this; it needs nothing of Electron, so tests call it too.
 */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  const file = pageFile(root, request.url);
  if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) return new Response('Not found\n', { status: 404 });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return new Response('Not found\n', { status: 404 });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': PAGE_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': pageCsp(),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/** The file under `root` an app:// URL names, or null when it names none. */
export function pageFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = normalize(join(root, path === '/' ? '/index.html' : path));
  return file.startsWith(normalize(root) + sep) ? file : null;
}
