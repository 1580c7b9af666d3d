import { Zip, ZipDeflate } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import type { GisImport } from '../../sim/hostApi/api.js';
import { MAX_GIS_BYTES } from '../../sim/shared/fileLimits.js';
import { smallScenario } from '../helpers.js';

// Hostile GIS files through the host, as a page sends them: each is answered with a message naming the
// file, the host's memory stays bounded, and the host goes on serving other pages while it reads one.

const service = new HostService();
let siteId = '';
beforeAll(async () => {
  const site = await service.openSite({ kind: 'text', fileName: 'small.json' }, JSON.stringify(smallScenario()));
  if (!site.ok) throw new Error('the test site did not open');
  siteId = site.siteId;
});
afterAll(() => service.dispose());

const text = (s: string) => new TextEncoder().encode(s);
const problemOf = (r: GisImport) => (r.ok ? '' : r.problems.map((p) => p.message).join('; '));

/** A zipped shapefile whose .dbf inflates from a few hundred KiB to `dbfMiB` MiB of zeros. */
function zipBomb(dbfMiB: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  const add = (name: string, data: Uint8Array) => {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    entry.push(data, true);
  };
  add('plan.shp', new Uint8Array(100));
  add('plan.prj', text('PROJCS["WGS 84 / UTM zone 30N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-3],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]'));
  const dbf = new ZipDeflate('plan.dbf', { level: 9 });
  zip.add(dbf);
  const chunk = new Uint8Array(8 * 2 ** 20);
  for (let i = 0; i < dbfMiB / 8; i++) dbf.push(chunk, i === dbfMiB / 8 - 1);
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('Import GIS on the host', () => {
  it('refuses a zip bomb from its directory, before inflating it', async () => {
    const bomb = zipBomb(320);
    expect(bomb.length).toBeLessThan(2 * 2 ** 20);
    const before = process.memoryUsage().rss;
    const r = await service.importGis(siteId, 'bomb.zip', bomb);
    expect(problemOf(r)).toMatch(/bomb\.zip would unpack to 320 MiB of shapefile; a plan's zones and fences take at most 256 MiB unpacked/);
    // Nothing near the inflated size was ever held.
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
  });

  it('answers GeoJSON nested 100,000 deep with a message naming the file and the place', async () => {
    const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`;
    const r = await service.importGis(siteId, 'deep.geojson', text(deep));
    expect(problemOf(r)).toMatch(/deep\.geojson line 1, column \d+: nested more than 32 levels deep/);
  });

  it('refuses a GeoPackage over the import cap by its size', async () => {
    const big = new Uint8Array(MAX_GIS_BYTES + 5 * 2 ** 20);
    const r = await service.importGis(siteId, 'big.gpkg', big);
    expect(problemOf(r)).toMatch(/big\.gpkg is 53\.0 MiB; a plan's zones and fences come in at most 48 MiB/);
  });

  it('leaves out a shape of more vertices than a plan takes, saying so', async () => {
    const ring = Array.from({ length: 20_000 }, (_, k) => [200 + 100 * Math.cos((2 * Math.PI * k) / 20_000), 200 + 100 * Math.sin((2 * Math.PI * k) / 20_000)]);
    const small = [[10, 10], [60, 10], [60, 60], [10, 60], [10, 10]];
    const collection = (features: unknown[]) => text(JSON.stringify({ type: 'FeatureCollection', features }));
    const feature = (name: string, coordinates: unknown) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [coordinates] } });
    const both = await service.importGis(siteId, 'detail.geojson', collection([feature('fine', ring), feature('plain', small)]));
    expect(both.ok).toBe(true);
    if (both.ok) {
      expect(both.zones.map((z) => z.name)).toEqual(['plain']);
      expect(both.notes.join('\n')).toMatch(/1 shape of more than 10,000 vertices left out \(simplify them, e.g\. ogr2ogr -simplify\): "fine"/);
    }
    const only = await service.importGis(siteId, 'fine.geojson', collection([feature('fine', ring)]));
    expect(problemOf(only)).toMatch(/fine\.geojson: 1 shape of more than 10,000 vertices left out/);
  });

  it("serves another page's calls while it reads a large file", async () => {
    // A valid GeoJSON of some 30 MiB: seconds of parsing, none of it on the host's event loop.
    const features = Array.from({ length: 80 }, (_, i) => ({
      type: 'Feature',
      properties: { name: `z${i}` },
      geometry: { type: 'Polygon', coordinates: [Array.from({ length: 9_000 }, (_, k) => [10 + (i % 8) * 45 + 20 * (1 + Math.cos((2 * Math.PI * k) / 9_000)), 10 + Math.floor(i / 8) * 45 + 20 * (1 + Math.sin((2 * Math.PI * k) / 9_000))])] },
    }));
    const padded = JSON.stringify({ type: 'FeatureCollection', features });
    expect(padded.length).toBeGreaterThan(20 * 2 ** 20);
    expect(padded.length).toBeLessThan(MAX_GIS_BYTES);
    const order: string[] = [];
    const importing = service.importGis(siteId, 'large.geojson', text(padded)).then((r) => {
      order.push('import');
      return r;
    });
    const other = service.listExamples().then(() => order.push('other page'));
    await Promise.all([importing, other]);
    expect(order).toEqual(['other page', 'import']);
    const result = await importing;
    expect(problemOf(result)).toBe('');
    expect(result.ok).toBe(true);
  });
});
