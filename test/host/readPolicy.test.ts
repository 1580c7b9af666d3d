import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import { smallScenario, tempDir } from '../helpers.js';

// The host reads, on a page's behalf, only files inside the folders it serves (the examples and the
// folder it was started in), and its errors never spell out the content of a file.

const root = tempDir('reforest-host-read-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const work = join(root, 'work');
mkdirSync(work);
writeFileSync(join(work, 'site.asc'), 'ncols 40\nnrows 40\nxllcorner 0\nyllcorner 0\ncellsize 10\n' + Array.from({ length: 40 }, (_, r) => Array.from({ length: 40 }, (_, c) => 100 + r + c).join(' ')).join('\n') + '\n');
const outside = join(root, 'outside');
mkdirSync(outside);
writeFileSync(join(outside, 'secret.asc'), 'SECRET-TOKEN-1234567890 is the first line\n');
symlinkSync(join(outside, 'secret.asc'), join(work, 'link.asc'));

const service = new HostService({ threads: 1, workingDir: work });
const scenarioOn = (path: string) => JSON.stringify(smallScenario({ terrain: { type: 'ascii', path } }));
const open = (path: string) => service.openSite({ kind: 'text', fileName: 'page.json' }, scenarioOn(path));

describe('what the host reads for a page', () => {
  it('opens an elevation model in the folder it was started in', async () => {
    const result = await open('site.asc');
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  it('refuses files elsewhere, also through a link or a claimed file location, without quoting them', async () => {
    for (const [path, source] of [
      [join(outside, 'secret.asc'), { kind: 'text', fileName: 'page.json' }],
      ['link.asc', { kind: 'text', fileName: 'page.json' }],
      ['secret.asc', { kind: 'file', path: join(outside, 'claimed.json') }],
      ['/etc/passwd', { kind: 'text', fileName: 'page.json' }],
      ['/proc/self/environ', { kind: 'text', fileName: 'page.json' }],
    ] as const) {
      const result = await service.openSite(source, scenarioOn(path));
      expect(result.ok, path).toBe(false);
      const text = JSON.stringify(result);
      expect(text, path).toMatch(/this host reads files only inside/);
      expect(text).not.toMatch(/SECRET|root:|PATH=/);
    }
  });

  it('quotes at most a short printable excerpt of a grid it may read', async () => {
    writeFileSync(join(work, 'bad.asc'), 'ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 10\n1 2\n3 averyveryverylongtokenthatkeepsgoing\n');
    const result = await open('bad.asc');
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/"averyveryverylon…" \(value 2\) is not a decimal number/);
    expect(text).not.toMatch(/keepsgoing/);
  });
});
