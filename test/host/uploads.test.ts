import { existsSync, readdirSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HostService } from '../../main/session/hostService.js';
import { UploadStore } from '../../main/session/uploadStore.js';
import { smallScenario } from '../helpers.js';

// A page sends the files a scenario names (or a DEM for a new site) in parts; the host keeps them as
// one folder, so the scenario's relative paths resolve as they do next to the real files.

const service = new HostService({ threads: 1 });
afterAll(() => service.dispose());

const ascii = 'ncols 40\nnrows 30\nxllcorner 500000\nyllcorner 6300000\ncellsize 10\n' + Array.from({ length: 30 }, (_, r) => Array.from({ length: 40 }, (_, c) => 200 + r + c).join(' ')).join('\n') + '\n';
const prj = 'PROJCS["WGS_1984_UTM_Zone_30N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1]]';
const bytes = (text: string) => new TextEncoder().encode(text);

/** Sends `text` as `path` in parts of `part` bytes, as the page does. */
async function send(folderId: string, path: string, text: string, part = 1000): Promise<void> {
  const data = bytes(text);
  for (let offset = 0; offset < data.length; offset += part) await service.uploadPart(folderId, path, offset, data.subarray(offset, offset + part));
}

const scenarioOn = (path: string) => {
  const sc = smallScenario({ terrain: { type: 'ascii', path } }) as { plantings: { polygon: number[][] }[] };
  // The small scenario's zone, moved onto this grid's ground.
  sc.plantings[0].polygon = [[500050, 6300050], [500250, 6300050], [500250, 6300200], [500050, 6300200]];
  return JSON.stringify(sc);
};

describe('files a page sends', () => {
  it('resolves a scenario\'s raster against its own folder among the files sent, sidecar included', async () => {
    const folderId = await service.createUpload();
    await send(folderId, 'dem/site.asc', ascii);
    await send(folderId, 'dem/site.prj', prj);
    const source = { kind: 'upload', folderId, path: 'plan.json' } as const;
    const site = await service.openSite(source, scenarioOn('dem/site.asc'));
    expect(site.ok, JSON.stringify(site)).toBe(true);
    if (!site.ok) return;
    expect([site.terrain.cols, site.terrain.rows, site.terrain.cellSize, site.terrain.west, site.terrain.south]).toEqual([40, 30, 10, 500000, 6300000]);
    expect(site.terrain.crs).toContain('UTM_Zone_30N');
    const plan = await service.checkPlan(site.siteId, scenarioOn('dem/site.asc'));
    expect(plan.ok, JSON.stringify(plan)).toBe(true);
  });

  it('names a file the scenario needs but the page did not send, by the scenario\'s own words', async () => {
    const folderId = await service.createUpload();
    const site = await service.openSite({ kind: 'upload', folderId, path: 'plan.json' }, scenarioOn('dem/missing.asc'));
    expect(site.ok).toBe(false);
    if (site.ok) return;
    expect(site.problems[0]).toMatchObject({ file: 'plan.json', path: 'terrain.path' });
    expect(site.problems[0].message).toContain('dem/missing.asc');
    expect(site.problems[0].message).toMatch(/not found/);
    // Where the host keeps picked files is its business, not the user's.
    expect(JSON.stringify(site.problems)).not.toContain('reforest-uploads-');
  });

  it('refuses paths that leave the folder, parts out of order, and unknown folders', async () => {
    const folderId = await service.createUpload();
    for (const path of ['../escape.asc', '/etc/passwd', 'a//b.asc', 'a/./b.asc', '', 'c:\\x.asc']) {
      await expect(service.uploadPart(folderId, path, 0, bytes('x')), path).rejects.toThrow(/not a file path inside the picked files/);
    }
    await service.uploadPart(folderId, 'site.asc', 0, bytes('ncols'));
    await expect(service.uploadPart(folderId, 'site.asc', 0, bytes('ncols'))).rejects.toThrow(/does not follow the 5 bytes already received/);
    const small = new UploadStore({ maxFolderBytes: 10 });
    const id = await small.create();
    await expect(small.write(id, 'big.asc', 0, new Uint8Array(11))).rejects.toThrow(/pass 0 MiB/);
    await small.dispose();
    await expect(service.uploadPart('no-such-folder', 'site.asc', 0, bytes('x'))).rejects.toThrow(/no upload folder/);
    // A scenario among sent files reaches nothing outside the host's readable folders.
    const site = await service.openSite({ kind: 'upload', folderId, path: 'plan.json' }, scenarioOn('../../../../../../etc/hostname'));
    expect(site.ok).toBe(false);
    if (!site.ok) expect(site.problems[0].message).toMatch(/reads files only inside/);
  });

  it('keeps a few folders and removes them all when disposed', async () => {
    const store = new UploadStore({ maxFolders: 2 });
    const first = await store.create();
    await store.write(first, 'site.asc', 0, bytes(ascii));
    const firstDir = store.dirOf(first);
    expect(existsSync(join(firstDir, 'site.asc'))).toBe(true);
    // Past its folder limit the oldest folder goes first.
    await store.create();
    await store.create();
    expect(existsSync(firstDir)).toBe(false);
    expect(() => store.dirOf(first)).toThrow(/no upload folder/);
    const root = store.rootDir!;
    expect(existsSync(root)).toBe(true);
    await store.dispose();
    expect(existsSync(root)).toBe(false);
  });

  it('holds at most its total across folders, as the README promises (1 GiB): older folders go first', async () => {
    expect(new UploadStore().maxTotalBytes).toBe(2 ** 30);
    const mib = 2 ** 20;
    const store = new UploadStore({ maxTotalBytes: 3 * mib, maxFolderBytes: 2 * mib });
    const part = new Uint8Array(mib);
    const folders: string[] = [];
    for (let f = 0; f < 3; f++) {
      const id = await store.create();
      folders.push(id);
      for (let k = 0; k < 2; k++) await store.write(id, 'dem.asc', k * mib, part);
      // On disk, all folders together, never past the total.
      const onDisk = readdirSync(store.rootDir!).reduce((n, d) => n + (existsSync(join(store.rootDir!, d, 'dem.asc')) ? statSync(join(store.rootDir!, d, 'dem.asc')).size : 0), 0);
      expect(onDisk).toBeLessThanOrEqual(3 * mib);
      expect(store.totalBytes).toBeLessThanOrEqual(3 * mib);
    }
    // The newest folder is whole; the oldest made room for it.
    expect(() => store.dirOf(folders[0])).toThrow(/no upload folder/);
    expect(statSync(join(store.dirOf(folders[2]), 'dem.asc')).size).toBe(2 * mib);
    await store.dispose();
  });
});
