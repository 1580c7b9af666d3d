// The page's HostClient against a real HostSession over a MessagePort, as in the desktop shell: Node's
// MessageChannel stands in for Electron's, the session and the client are the ones the app runs.
import { MessageChannel, type MessagePort as NodePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import type { DesktopHost } from '../../main/session/hostSession.js';
import { servePort, type HostPort } from '../../main/session/portSession.js';
import type { HostRunEvent } from '../../sim/hostApi/api.js';
import type { AppCommand, DocumentState } from '../../sim/hostApi/desktop.js';
import { encodeMessage } from '../../sim/shared/wire.js';
import { HostClient, type HostTransport } from '../../renderer/connection/hostClient.js';
import { smallScenario } from '../helpers.js';

/** Electron's MessagePortMain delivers `{ data }`; Node's port delivers the value itself. */
function asHostPort(port: NodePort): HostPort {
  return {
    postMessage: (m) => port.postMessage(m),
    on: (event: 'message' | 'close', listener: (e: { data: unknown }) => void) =>
      event === 'message' ? port.on('message', (data: unknown) => listener({ data })) : port.on('close', listener as () => void),
    start: () => port.start(),
    close: () => port.close(),
  };
}

/** The page's end, as renderer/connection/transports.ts wraps a browser MessagePort. */
function pageTransport(port: NodePort): HostTransport {
  return {
    send: (frame) => port.postMessage(frame, [frame]),
    listen(onFrame, onClose) {
      port.on('message', (data: ArrayBuffer) => onFrame(data));
      port.on('close', () => onClose('the Reforest app stopped'));
    },
  };
}

const services: HostService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

function connect(opts: { kind?: 'web' | 'electron'; desktop?: DesktopHost; hostRuns?: Set<string>; files?: 'host' | 'download' } = {}) {
  const service = new HostService({ threads: 1 });
  services.push(service);
  const { port1, port2 } = new MessageChannel();
  const session = servePort(asHostPort(port1), { service, kind: opts.kind ?? 'electron', version: 'test', hostRuns: opts.hostRuns ?? new Set(), desktop: opts.desktop });
  const client = new HostClient(pageTransport(port2), { files: opts.files ?? (opts.desktop ? 'host' : 'download') });
  return { session, client, pagePort: port2, hostPort: port1 };
}

async function openSmall(client: HostClient, years: number, replicates: number): Promise<{ siteId: string; text: string }> {
  const text = JSON.stringify(smallScenario({ years, replicates }));
  const site = await client.openSite({ kind: 'text', fileName: 'small.json' }, text);
  if (!site.ok) throw new Error(JSON.stringify(site.problems));
  return { siteId: site.siteId, text };
}

describe('HostClient over a MessagePort to a HostSession', () => {
  it('answers calls and streams a run, frames arriving before its end', async () => {
    const files: { name: string; text: string }[] = [];
    const desktop: DesktopHost = {
      saveFile: async (name, _mime, data) => {
        files.push({ name, text: String(data) });
        return { saved: true, location: name };
      },
      documentState: () => undefined,
    };
    const { client } = connect({ desktop });
    expect((await client.info()).kind).toBe('electron');
    expect((await client.listExamples()).map((e) => e.id)).toContain('default');
    const { siteId, text } = await openSmall(client, 4, 2);
    const events: HostRunEvent[] = [];
    const handle = client.run({ siteId, text, seed: 3 }, (e) => events.push(e));
    const outcome = await handle.done;
    expect(outcome).toEqual({ status: 'completed', runId: handle.runId });
    expect(events.filter((e) => e.type === 'frame').map((e) => (e.type === 'frame' ? e.frame.year : -1))).toEqual([0, 1, 2, 3, 4]);
    expect(events.at(-1)?.type).toBe('result');
    // An export of the finished run goes to the desktop's save dialog with the CLI's file name.
    expect(await client.exportResults(handle.runId, 'out')).toEqual({ saved: true, location: 'small-results.csv' });
    expect(files[0].text.split('\n')[0]).toMatch(/^scenario,replicate,year,zone,/);
    expect(files[0].text.split('\n').length).toBeGreaterThan(5);
  });

  it('cancels a run asked to stop before the host has named it', async () => {
    const { client } = connect();
    const { siteId, text } = await openSmall(client, 50, 20);
    const handle = client.run({ siteId, text }, () => undefined);
    handle.cancel();
    expect(handle.runId).toBe('');
    expect((await handle.done).status).toBe('cancelled');
  });

  it('cancels the runs of a page whose port closes, freeing the host for other pages', async () => {
    const hostRuns = new Set<string>();
    const first = connect({ hostRuns });
    const { siteId, text } = await openSmall(first.client, 50, 20);
    first.client.run({ siteId, text }, () => undefined);
    first.client.run({ siteId, text, seed: 2 }, () => undefined);
    await until(() => hostRuns.size === 2);
    first.pagePort.close();
    await until(() => hostRuns.size === 0);
  });

  it('saves through the desktop host and tells it the document state; the web session has no native files', async () => {
    const saved: { name: string; saveAs: boolean; bytes: number }[] = [];
    const states: DocumentState[] = [];
    const desktop: DesktopHost = {
      saveFile: async (name, _mime, data, { saveAs }) => {
        saved.push({ name, saveAs, bytes: typeof data === 'string' ? data.length : data.byteLength });
        return { saved: true, location: `/home/user/${name}` };
      },
      documentState: (s) => states.push(s),
    };
    const { client } = connect({ desktop });
    expect(await client.saveFile('glen.json', 'application/json', '{"a":1}', { saveAs: true })).toEqual({ saved: true, location: '/home/user/glen.json' });
    client.documentState({ title: 'glen.json', dirty: true });
    await until(() => states.length === 1);
    expect(saved).toEqual([{ name: 'glen.json', saveAs: true, bytes: 7 }]);
    expect(states).toEqual([{ title: 'glen.json', dirty: true, path: undefined }]);

    // The web client downloads files itself; asked over the wire anyway, a web session refuses.
    const web = connect({ kind: 'web', files: 'host' });
    await expect(web.client.saveFile('x.json', 'application/json', '{}')).rejects.toThrow(/only the desktop app/);
  });

  it('hands the page commands from the shell, keeping those sent before it listened', async () => {
    const { client, session } = connect();
    const got: AppCommand[] = [];
    session.command({ type: 'menu', item: 'undo' });
    await client.info();
    client.onCommand((c) => got.push(c));
    session.command({ type: 'import-gis', fileName: 'zones.geojson', data: new Uint8Array([1, 2, 3]) });
    await until(() => got.length === 2);
    expect(got[0]).toEqual({ type: 'menu', item: 'undo' });
    expect(got[1].type === 'import-gis' && Array.from(got[1].data)).toEqual([1, 2, 3]);
  });

  it('closes the port on a frame that is not a host API call, failing what was pending', async () => {
    const { client, pagePort } = connect();
    await client.info();
    const closed = new Promise<void>((r) => pagePort.once('close', () => r()));
    pagePort.postMessage(encodeMessage({ kind: 'call', id: 1, method: 'constructor', args: [] }));
    await closed;
    await expect(client.info()).rejects.toThrow(/Lost the connection/);
  });
});

async function until(ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
