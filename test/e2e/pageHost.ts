// The page's host in the browser tests, over either transport the app has: the web host's WebSocket,
// or a MessagePort as in the desktop app. For the port, an init script stands in for the shell's
// preload (it exposes the same `reforestDesktop` bridge and posts the page a MessagePort), and a relay
// carries the port's frames to a real HostSession served by `servePort`, as the shell's main process
// does; only Electron's own IPC between the two is replaced.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, expect } from 'vitest';
import { WebSocketServer } from 'ws';
import { HostService } from '../../main/session/hostService.js';
import type { DesktopHost } from '../../main/session/hostSession.js';
import { servePort } from '../../main/session/portSession.js';
import { startWebHost } from '../../main/web/webHost.js';
import type { AppCommand, DocumentState } from '../../sim/hostApi/desktop.js';
import { HOST_PORT_MESSAGE } from '../../sim/shared/desktopPort.js';
import { projectRoot, smallScenario, tempDir } from '../helpers.js';

export type Transport = 'websocket' | 'port';
export const TRANSPORTS: readonly Transport[] = ['websocket', 'port'];

export interface SavedFile {
  fileName: string;
  bytes: Buffer;
}

export interface PageHost {
  transport: Transport;
  url: string;
  service: HostService;
  /** The folder of examples the host serves; the page opens its `default.json`. */
  examplesDir: string;
  /** Document states the page reported (the desktop window's title and unsaved state); port only. */
  documentStates: DocumentState[];
  /** Sends the page a command as the shell's menus do; port only. */
  command: (command: AppCommand) => void;
  /** Opens the page, ready for this transport; console errors and uncaught exceptions collect in `errors`. */
  open(browser: Browser): Promise<{ page: Page; errors: string[] }>;
  /** Does `trigger` and returns the file the page saved: a browser download, or the shell's save dialog. */
  saved(page: Page, trigger: () => Promise<unknown>): Promise<SavedFile>;
  close(): Promise<void>;
}

/**
 * The examples the page opens on in these tests, as the app's own folder of examples would hold them:
 * - `glen`: the shipped glen (same site, zones, fence, herd and seed) at 2 replicates in place of 8.
 *   The view draws replicate 0, which is the same whatever the replicate count.
 * - `small`: a 10-year plan on a 400 m site, for tests that bring their own plan; it runs in a moment.
 */
export function e2eExamples(kind: 'glen' | 'small'): string {
  const dir = tempDir(`reforest-examples-${kind}-`);
  const shipped = JSON.parse(readFileSync(join(projectRoot, 'assets', 'scenarios', 'default.json'), 'utf8')) as Record<string, unknown>;
  const example = kind === 'glen' ? { ...shipped, $schema: undefined, replicates: 2 } : smallScenario({ name: 'small example', years: 10, replicates: 2 });
  writeFileSync(join(dir, 'default.json'), JSON.stringify(example, null, 2));
  return dir;
}

export interface PageHostOptions {
  /** The example the page opens on, and runs. */
  examples: 'glen' | 'small';
  /** Where the host reads and writes the user's files. */
  workingDir?: string;
}

export async function startPageHost(transport: Transport, options: PageHostOptions): Promise<PageHost> {
  const examplesDir = e2eExamples(options.examples);
  const service = new HostService({ examplesDir, workingDir: options.workingDir });
  const web = await startWebHost({ service, staticDir: join(projectRoot, 'dist', 'renderer'), version: 'e2e' });
  const documentStates: DocumentState[] = [];
  const saves: SavedFile[] = [];
  const waiters: ((f: SavedFile) => void)[] = [];
  const saveDir = tempDir('reforest-saved-');
  const desktop: DesktopHost = {
    // The shell's save dialog, answered at once with a file in a scratch folder.
    async saveFile(fileName, _mime, data) {
      const bytes = Buffer.from(typeof data === 'string' ? data : data);
      const file = { fileName, bytes };
      const waiter = waiters.shift();
      if (waiter) waiter(file);
      else saves.push(file);
      return { saved: true, location: join(saveDir, fileName) };
    },
    documentState: (s) => documentStates.push(s),
  };
  const sessions: ReturnType<typeof servePort>[] = [];
  let relay: WebSocketServer | null = null;
  let relayPort = 0;
  if (transport === 'port') {
    relay = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => relay!.once('listening', () => r()));
    relayPort = (relay.address() as { port: number }).port;
    relay.on('connection', (ws) => {
      const listeners: { message: ((e: { data: unknown }) => void)[]; close: (() => void)[] } = { message: [], close: [] };
      ws.on('message', (data: Buffer) => listeners.message.forEach((l) => l({ data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) })));
      ws.on('close', () => listeners.close.forEach((l) => l()));
      sessions.push(
        servePort(
          {
            postMessage: (m) => ws.send(m as ArrayBuffer),
            on: (event: 'message' | 'close', l: never) => listeners[event].push(l),
            start: () => undefined,
            close: () => ws.close(),
          },
          { service, kind: 'electron', version: 'e2e', hostRuns: new Set(), desktop },
        ),
      );
    });
  }
  const preloadStandIn = `
    window.reforestDesktop = Object.freeze({
      platform: 'linux',
      requestHostPort() {
        const channel = new MessageChannel();
        const ws = new WebSocket('ws://127.0.0.1:${relayPort}/');
        ws.binaryType = 'arraybuffer';
        channel.port2.onmessage = (e) => ws.send(e.data);
        ws.onmessage = (e) => channel.port2.postMessage(e.data, [e.data]);
        ws.onopen = () => window.postMessage(${JSON.stringify(HOST_PORT_MESSAGE)}, location.origin, [channel.port1]);
      },
    });`;
  return {
    transport,
    url: web.url,
    service,
    examplesDir,
    documentStates,
    command: (c) => sessions.at(-1)?.command(c),
    async open(browser) {
      // The relay is on another port than the page: the page's CSP (tested on its own) would refuse it.
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true, bypassCSP: transport === 'port' });
      if (transport === 'port') await page.addInitScript(preloadStandIn);
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(web.url);
      return { page, errors };
    },
    async saved(page, trigger) {
      if (transport === 'websocket') {
        const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
        return { fileName: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
      }
      const next = saves.length ? Promise.resolve(saves.shift()!) : new Promise<SavedFile>((r) => waiters.push(r));
      await trigger();
      return next;
    },
    async close() {
      for (const s of sessions) s.dispose();
      relay?.close();
      await web.close();
    },
  };
}

/**
 * Opens the page on a host with the `small` examples and waits for the run of the small example it
 * opens on; with `file`, then opens that scenario and waits for its run to finish.
 */
export async function openPageWith(host: PageHost, browser: Browser, file?: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await host.open(browser);
  const { page } = opened;
  const finished = (old: string) =>
    page.waitForFunction((id) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== id;
    }, old, { timeout: 240_000, polling: 250 });
  await finished('');
  if (file) {
    const first = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    await page.locator('#scenario-file').setInputFiles(file);
    await finished(first);
  }
  return opened;
}

/**
 * Registers, in the calling suite, what every page suite ends with: the browser and the host closed
 * after its last test, and each test failed by any console error or uncaught exception the page
 * logged during it. `opened` gives the suite's browser, host and error list as they are by then.
 */
export function closesCleanly(opened: () => { browser?: Browser; host?: { close(): Promise<void> }; errors: string[] }): void {
  afterAll(async () => {
    const { browser, host } = opened();
    await browser?.close();
    await host?.close();
  });
  afterEach(() => {
    expect(opened().errors.splice(0)).toEqual([]);
  });
}
