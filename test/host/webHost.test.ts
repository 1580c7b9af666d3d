import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { strategiesCsv } from '../../sim/output/comparison.js';
import { runStrategies } from '../../sim/strategy/run.js';
import { parseStrategies } from '../../sim/shared/strategySpec.js';
import WebSocket from 'ws';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostService } from '../../main/session/hostService.js';
import type { SendLimits } from '../../main/web/sendBudget.js';
import { type WebHost, startWebHost } from '../../main/web/webHost.js';
import type { HostRunEvent, RunOutcome } from '../../sim/hostApi/api.js';
import type { CallMessage, HostCalls, HostMethod, ServerMessage } from '../../sim/hostApi/webProtocol.js';
import { decodeMessage, encodeMessage } from '../../sim/shared/wire.js';
import { yearlyMetricsCsv } from '../../sim/output/csv.js';
import { runScenario } from '../../sim/run/runner.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { projectRoot, smallScenario, tempDir } from '../helpers.js';

/** A minimal built page, so these tests do not depend on the renderer bundle. */
function pageDir(): string {
  const dir = tempDir('reforest-page-');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Reforest</title>');
  writeFileSync(join(dir, 'app.js'), 'export {};');
  return dir;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A page's side of the socket: calls by id, run events collected per run. */
async function openSiteOf(client: TestClient, fileName: string, text: string): Promise<string> {
  const site = await client.call('openSite', { kind: 'text', fileName }, text);
  if (!site.ok) throw new Error(JSON.stringify(site.problems));
  return site.siteId;
}

class TestClient {
  private nextId = 1;
  private readonly replies = new Map<number, (m: ServerMessage) => void>();
  readonly events = new Map<string, HostRunEvent[]>();
  readonly ends = new Map<string, (o: RunOutcome) => void>();
  readonly outcomes = new Map<string, RunOutcome>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const m = decodeMessage(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer) as ServerMessage;
      if (m.kind === 'reply') this.replies.get(m.id)?.(m);
      else if (m.kind === 'event') this.events.set(m.runId, [...(this.events.get(m.runId) ?? []), m.event]);
      else if (m.kind === 'end') {
        this.outcomes.set(m.runId, m.outcome);
        this.ends.get(m.runId)?.(m.outcome);
      }
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('error', reject);
    });
  }

  call<M extends HostMethod>(method: M, ...args: HostCalls[M]['args']): Promise<HostCalls[M]['value']> {
    const id = this.nextId++;
    const message: CallMessage<M> = { kind: 'call', id, method, args };
    return new Promise((resolve, reject) => {
      this.replies.set(id, (m) => (m.kind === 'reply' && m.ok ? resolve(m.value as HostCalls[M]['value']) : reject(new Error(m.kind === 'reply' && !m.ok ? m.error : '?'))));
      this.ws.send(encodeMessage(message));
    });
  }

  ended(runId: string): Promise<RunOutcome> {
    const known = this.outcomes.get(runId);
    return known ? Promise.resolve(known) : new Promise((r) => this.ends.set(runId, r));
  }
}

describe('local web host', () => {
  let host: WebHost;
  let token: string;
  let client: TestClient;

  beforeAll(async () => {
    host = await startWebHost({ service: new HostService({ threads: 2 }), staticDir: pageDir(), version: 'test' });
    token = new URL(host.url).pathname.split('/')[1];
    client = await TestClient.open(`ws://127.0.0.1:${host.port}/${token}/api`);
  });
  afterAll(async () => {
    client?.ws.close();
    await host?.close();
  });

  it('binds to loopback and prints an address carrying its token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/[A-Za-z0-9_-]{32}/$`));
  });

  it('serves the page only with the token and a loopback Host header', async () => {
    const ok = await get(host.url);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>Reforest</title>');
    expect(String(ok.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await get(`http://127.0.0.1:${host.port}/`)).status).toBe(403);
    expect((await get(`http://127.0.0.1:${host.port}/index.html`)).status).toBe(403);
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await get(`http://127.0.0.1:${host.port}/${wrong}/`)).status).toBe(403);
    // A DNS-rebinding page reaches the port under its own name: refused even with the token.
    expect((await get(host.url, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.url, { Host: `localhost:${host.port}` })).status).toBe(200);
    expect((await get(`${host.url}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('refuses WebSocket connections without the token or from a foreign page', async () => {
    await expect(TestClient.open(`ws://127.0.0.1:${host.port}/api`)).rejects.toThrow(/403/);
    await expect(TestClient.open(`ws://127.0.0.1:${host.port}/${token}/api`, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(TestClient.open(`ws://127.0.0.1:${host.port}/${token}/api`, { Host: `evil.example:${host.port}` })).rejects.toThrow(/403/);
    const fromPage = await TestClient.open(`ws://127.0.0.1:${host.port}/${token}/api`, { Origin: `http://127.0.0.1:${host.port}` });
    fromPage.ws.close();
  });

  it('lists the examples and describes the default site and plan', async () => {
    const examples = await client.call('listExamples');
    expect(examples[0].id).toBe('default');
    const example = await client.call('readExample', 'default');
    if (!example.ok) throw new Error(JSON.stringify(example.problems));
    const site = await client.call('openSite', example.source, example.text);
    if (!site.ok) throw new Error(JSON.stringify(site.problems));
    const t = site.terrain;
    expect([t.cols, t.rows, t.cellSize]).toEqual([200, 150, 10]);
    expect(t.elevation).toBeInstanceOf(Float32Array);
    expect(t.elevation.length).toBe(200 * 150);
    expect(t.maxElevation).toBeGreaterThan(t.minElevation);
    const check = await client.call('checkPlan', site.siteId, example.text);
    if (!check.ok) throw new Error(JSON.stringify(check.problems));
    const plan = check.plan;
    expect(plan.suitability).toHaveLength(plan.species.length);
    expect(plan.suitability[0].length).toBe(200 * 150);
    expect(plan.zones.map((z) => [z.name, z.fences])).toEqual([['fenced', ['deer fence']], ['unfenced', []]]);
    expect(plan.zones[0].areaHa).toBeCloseTo(20, 6);
    expect(plan.fences[0].lengthM).toBeCloseTo(2 * (520 + 420), 6);
    // The same terrain again is the same site.
    const again = await client.call('openSite', example.source, example.text);
    expect(again.ok && again.siteId).toBe(site.siteId);
  });

  it('names the line and field of what is wrong with a scenario', async () => {
    const source = { kind: 'text', fileName: 'broken.json' } as const;
    const syntax = await client.call('openSite', source, '{\n  "name": "x",\n  oops\n}');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.problems[0]).toMatchObject({ file: 'broken.json', line: 3 });
    // A plan with problems on a good terrain: the site opens, the plan says what is wrong.
    const text = JSON.stringify(smallScenario({ replicates: 0 }));
    const site = await client.call('openSite', { kind: 'text', fileName: 'bad.json' }, text);
    if (!site.ok) throw new Error(JSON.stringify(site.problems));
    const bad = await client.call('checkPlan', site.siteId, text);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems).toContainEqual(expect.objectContaining({ file: 'bad.json', path: 'replicates' }));
    const wrongTerrain = await client.call('openSite', source, JSON.stringify({ terrain: { type: 'procedural', width: -1 } }));
    expect(wrongTerrain.ok).toBe(false);
    if (!wrongTerrain.ok) expect(wrongTerrain.problems.map((p) => p.path)).toContain('terrain.width');
    expect((await client.call('readExample', '../../etc/passwd')).ok).toBe(false);
    expect(await client.call('checkPlan', 'no-such-site', text)).toMatchObject({ ok: false });
  });

  it('streams a run and exports the same CSV the core writes', async () => {
    const text = JSON.stringify(smallScenario({ years: 6, replicates: 3 }));
    const siteId = await openSiteOf(client, 'small.json', text);
    const { runId } = await client.call('run', { siteId, text, seed: 7 });
    const outcome = await client.ended(runId);
    expect(outcome).toEqual({ status: 'completed', runId });
    const events = client.events.get(runId)!;
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types.filter((t) => t === 'layout')).toHaveLength(1);
    const frames = events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
    expect(frames.map((f) => f.year)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(frames[6].height).toBeInstanceOf(Float32Array);
    expect(frames[6].height.length).toBe(frames[6].count);
    expect(types.at(-1)).toBe('result');
    // Frames arrive before the run completes: the page can fill in as they come.
    expect(types.indexOf('frame')).toBeLessThan(types.indexOf('result'));
    // Progress is a share done and what is under way, rising to the whole run.
    const shares = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(shares.length).toBeGreaterThan(0);
    for (let i = 1; i < shares.length; i++) expect(shares[i].share).toBeGreaterThanOrEqual(shares[i - 1].share);
    expect(shares.at(-1)).toEqual({ type: 'progress', share: 1, detail: 'replicates 3/3 · years 18/18' });

    const exported = await client.call('exportResults', runId, 'out');
    const json = JSON.parse(text) as Record<string, unknown>;
    json.seed = 7;
    (json.terrain as Record<string, unknown>).seed = 42;
    const direct = await runScenario(await loadScenario(json, { baseDir: process.cwd() }), { threads: 1 });
    expect(exported.content).toBe(yearlyMetricsCsv(direct));
    expect(exported.fileName).toBe('small-results.csv');

    // Every export is what `reforest run` writes for the same file and --seed.
    const dir = tempDir();
    const scenarioFile = join(dir, 'small.json');
    writeFileSync(scenarioFile, text);
    const cli = (flag: string) => join(dir, `cli-${flag}`);
    execFileSync(
      process.execPath,
      [join(projectRoot, 'bin', 'reforest.js'), 'run', scenarioFile, '--seed', '7', '--quiet', '--out', cli('out'), '--summary', cli('summary'), '--trees', cli('trees'), '--geojson', cli('geojson')],
      { stdio: 'ignore' },
    );
    for (const kind of ['out', 'summary', 'trees', 'geojson'] as const) {
      expect((await client.call('exportResults', runId, kind)).content, kind).toBe(readFileSync(cli(kind), 'utf8'));
    }

    // The same request again replays the recorded run: same frames, new run id.
    const again = await client.call('run', { siteId, text, seed: 7 });
    expect(await client.ended(again.runId)).toEqual({ status: 'completed', runId: again.runId });
    const replayed = client.events.get(again.runId)!.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
    expect(Array.from(replayed[6].height)).toEqual(Array.from(frames[6].height));
    expect((await client.call('exportResults', again.runId, 'out')).content).toBe(exported.content);
  });

  it('runs a strategy study as reforest compare does, names B exports after their label, and refuses a strategy it cannot read', async () => {
    const text = JSON.stringify(smallScenario({ years: 4, replicates: 2, herbivores: [{ kind: 'red_deer', densityPerKm2: 20 }] }));
    const siteId = await openSiteOf(client, 'study.json', text);
    const { runId } = await client.call('run', { siteId, text, study: { kind: 'strategies', strategies: 'none,shelters:1.2' } });
    expect(await client.ended(runId)).toEqual({ status: 'completed', runId });
    const events = client.events.get(runId)!;
    const done = events.find((e) => e.type === 'comparison');
    if (done?.type !== 'comparison') throw new Error('no comparison');
    expect(done.comparison.strategies).toEqual(['none', 'shelters:1.2']);
    expect(done.baseName).toBe('study');
    const direct = await runStrategies(await loadScenario(JSON.parse(text), { baseDir: process.cwd() }), parseStrategies('none,shelters:1.2', ['zone']), 'study.json', { threads: 1 });
    expect(done.csv).toBe(strategiesCsv(direct.comparison));
    // A study's progress has the shape of a run's: the share of the whole study, and which strategy runs.
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.share >= 0 && e.share <= 1)).toBe(true);
    expect(progress.map((e) => e.detail)).toContain('strategy 2 of 2: shelters:1.2');

    const bad = await client.call('run', { siteId, text, study: { kind: 'strategies', strategies: 'none,fense' } });
    const outcome = await client.ended(bad.runId);
    expect(outcome).toMatchObject({ status: 'failed', message: expect.stringMatching(/unknown part "fense"/) });

    const plain = await client.call('run', { siteId, text });
    await client.ended(plain.runId);
    expect((await client.call('exportResults', plain.runId, 'summary', 'B: No fences!')).fileName).toBe('study-b-no-fences-summary.csv');
  });

  it('cancels a run: no result, and nothing to export', async () => {
    const text = JSON.stringify(smallScenario({ years: 50, replicates: 40 }));
    const { runId } = await client.call('run', { siteId: await openSiteOf(client, 'long.json', text), text });
    while (!(client.events.get(runId) ?? []).some((e) => e.type === 'progress')) await new Promise((r) => setTimeout(r, 20));
    await client.call('cancel', runId);
    expect(await client.ended(runId)).toEqual({ status: 'cancelled', runId });
    expect(client.events.get(runId)!.some((e) => e.type === 'result')).toBe(false);
    await expect(client.call('exportResults', runId, 'out')).rejects.toThrow(/No finished run/);
  });

  it('survives requests no URL parser accepts and broken escapes', async () => {
    const raw = (line: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(host.port, '127.0.0.1', () => socket.end(`${line}\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`));
        let answer = '';
        socket.on('data', (d) => (answer += d.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    expect(await raw('GET http://[ HTTP/1.1')).toMatch(/^HTTP\/1\.1 (400|403)/);
    expect(await raw(`GET /${token}/%E0%A4%A HTTP/1.1`)).toMatch(/^HTTP\/1\.1 403/);
    expect(await raw('GET http://[ HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade')).toMatch(/^HTTP\/1\.1 (400|403)/);
    expect((await get(host.url)).status).toBe(200);
  });

  it('drops a connection that breaks the WebSocket protocol, and serves others on', async () => {
    const bad = await TestClient.open(`ws://127.0.0.1:${host.port}/${token}/api`);
    const closed = new Promise<void>((r) => bad.ws.once('close', () => r()));
    bad.ws.on('error', () => {});
    // A masked frame with reserved opcode 3.
    (bad.ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4]));
    await closed;
    expect((await client.call('listExamples')).length).toBeGreaterThan(0);
  });

  it('runs at most two scenarios at once for one page', async () => {
    const text = JSON.stringify(smallScenario({ years: 50, replicates: 40 }));
    const siteId = await openSiteOf(client, 'long.json', text);
    const a = await client.call('run', { siteId, text, seed: 1 });
    const b = await client.call('run', { siteId, text, seed: 2 });
    await expect(client.call('run', { siteId, text, seed: 3 })).rejects.toThrow(/At most 2 runs/);
    await client.call('cancel', a.runId);
    await client.call('cancel', b.runId);
    expect((await client.ended(a.runId)).status).toBe('cancelled');
    expect((await client.ended(b.runId)).status).toBe('cancelled');
  });

  it('runs at most two scenarios at once across all pages, however many sockets are open', async () => {
    const text = JSON.stringify(smallScenario({ years: 50, replicates: 40 }));
    const siteId = await openSiteOf(client, 'long.json', text);
    const pages = await Promise.all([0, 1, 2].map(() => TestClient.open(`ws://127.0.0.1:${host.port}/${token}/api`)));
    try {
      const a = await pages[0].call('run', { siteId, text, seed: 1 });
      const b = await pages[1].call('run', { siteId, text, seed: 2 });
      await expect(pages[2].call('run', { siteId, text, seed: 3 })).rejects.toThrow(/already running 2 scenarios/);
      await pages[0].call('cancel', a.runId);
      expect((await pages[0].ended(a.runId)).status).toBe('cancelled');
      // A finished run frees its place for any page.
      const c = await pages[2].call('run', { siteId, text, seed: 3 });
      await pages[1].call('cancel', b.runId);
      await pages[2].call('cancel', c.runId);
      expect((await pages[2].ended(c.runId)).status).toBe('cancelled');
    } finally {
      pages.forEach((p) => p.ws.close());
    }
  });

  it('closes the socket on a malformed message', async () => {
    const other = await TestClient.open(`ws://127.0.0.1:${host.port}/${token}/api`);
    const closed = new Promise<number>((r) => other.ws.once('close', (code) => r(code)));
    other.ws.send('not binary');
    expect(await closed).toBe(1003);
  });
});

/**
 * A host with the given limits on what waits for pages; `stallers` pages each start long runs (every
 * place the host has, together) and then read nothing more; resolves once a fresh page has been given a
 * place and its run has completed, which happens only when the stalled pages have been dropped.
 */
async function freshPageGetsAPlace(sendLimits: SendLimits, runsPerPage: number[]): Promise<void> {
  const host = await startWebHost({ service: new HostService({ threads: 2 }), staticDir: pageDir(), version: 'test', sendLimits });
  const token = new URL(host.url).pathname.split('/')[1];
  const url = `ws://127.0.0.1:${host.port}/${token}/api`;
  // Runs that would last minutes, whose frames come to far more than a page's share: 40,000 trees over 300 years.
  const text = JSON.stringify(smallScenario({ years: 300, replicates: 1_000, plantings: [{ ...smallScenario().plantings![0], density: 10_000 }] }));
  const pages = await Promise.all(runsPerPage.map(() => TestClient.open(url)));
  const fresh = await TestClient.open(url);
  try {
    const siteId = await openSiteOf(fresh, 'stall.json', text);
    let seed = 1;
    for (const [k, page] of pages.entries()) {
      for (let r = 0; r < runsPerPage[k]; r++) await page.call('run', { siteId, text, seed: seed++ });
      (page.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    }
    let runId = '';
    await vi.waitFor(
      async () => {
        runId = (await fresh.call('run', { siteId, text: JSON.stringify(smallScenario()), seed })).runId;
      },
      { timeout: 60_000, interval: 250 },
    );
    expect((await fresh.ended(runId)).status).toBe('completed');
  } finally {
    pages.forEach((p) => p.ws.terminate());
    fresh.ws.close();
    await host.close();
  }
}

describe('pages that stop reading', () => {
  const mib = 2 ** 20;

  it('are dropped once they hold their share of what the host sends, and their runs free their places', async () => {
    await freshPageGetsAPlace({ perPageBytes: 24 * mib, totalBytes: 32 * mib, stallMs: 60_000, checkMs: 250 }, [1, 1]);
  }, 180_000);

  it('is dropped when its backlog stands still for the stall time, even within its share', async () => {
    await freshPageGetsAPlace({ perPageBytes: 512 * mib, totalBytes: 1024 * mib, stallMs: 1_000, checkMs: 100 }, [2]);
  }, 180_000);
});
