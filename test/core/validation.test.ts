import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../sim/scenario/issues.js';
import { loadScenario, loadScenarioFile } from '../../sim/scenario/load.js';
import { zoneOverlapM2 } from '../../sim/scenario/zoneOverlap.js';
import { hasRealDem, realDem, smallScenario, tempDir } from '../helpers.js';

async function problems(json: unknown, baseDir = tempDir()): Promise<string[]> {
  try {
    await loadScenario(json, { baseDir });
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('the scenario was accepted');
}

describe('scenario validation', () => {
  it('accepts a valid scenario and applies defaults', async () => {
    const loaded = await loadScenario(smallScenario(), { baseDir: tempDir() });
    expect(loaded.resolved.speciesIds).toEqual(['downy_birch']);
    expect(loaded.resolved.scenario.plantings[0].layout).toEqual({ type: 'grid', jitter: 0.3 });
    expect(loaded.terrain.cols).toBe(40);
  });

  it('names a non-positive density by its path', async () => {
    const sc = smallScenario();
    sc.plantings[0].density = 0;
    expect(await problems(sc)).toContain('plantings[0].density: must be > 0');
  });

  it('lists every problem, not only the first', async () => {
    const sc = smallScenario({ years: 0, replicates: -1 });
    sc.plantings[0].density = -5;
    const found = await problems(sc);
    expect(found).toEqual(
      expect.arrayContaining(['years: must be >= 1', 'replicates: must be >= 1', 'plantings[0].density: must be > 0']),
    );
  });

  it('rejects unknown species, fence types and herbivore kinds, naming the known ones', async () => {
    const sc = smallScenario({
      fences: [{ name: 'f', type: 'laser_fence', path: [[50, 50], [350, 50]] }],
      herbivores: [{ kind: 'moose', count: 3 }],
    });
    sc.plantings[0].species = [{ species: 'oak', fraction: 1 }];
    const found = await problems(sc);
    expect(found.find((p) => p.startsWith('plantings[0].species[0].species: unknown species "oak"'))).toContain('sessile_oak');
    expect(found.find((p) => p.startsWith('fences[0].type'))).toContain('unknown fence type "laser_fence"');
    expect(found.find((p) => p.startsWith('herbivores[0].kind'))).toContain('unknown herbivore kind "moose"');
  });

  it('rejects zones and fences outside the terrain', async () => {
    const sc = smallScenario({ fences: [{ name: 'f', type: 'deer_fence', path: [[50, 50], [450, 50]] }] });
    sc.plantings[0].polygon = [[100, 100], [500, 100], [300, 300]];
    const found = await problems(sc);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^plantings\[0\]\.polygon\[1\]: zone vertex \(500, 100\) is outside the terrain/),
        expect.stringMatching(/^fences\[0\]\.path\[1\]: fence vertex \(450, 50\) is outside the terrain/),
      ]),
    );
  });

  it('rejects self-intersecting polygons', async () => {
    const sc = smallScenario();
    sc.plantings[0].polygon = [[100, 100], [300, 300], [300, 100], [100, 300]];
    expect((await problems(sc)).join('\n')).toMatch(/plantings\[0\]\.polygon: is self-intersecting/);
  });

  it('rejects species fractions that do not add up to 1, and duplicate zone names', async () => {
    const sc = smallScenario();
    sc.plantings[0].species = [
      { species: 'downy_birch', fraction: 0.5 },
      { species: 'rowan', fraction: 0.3 },
    ];
    sc.plantings.push({ ...sc.plantings[0], species: [{ species: 'rowan', fraction: 1 }] });
    const found = await problems(sc);
    expect(found).toContain('plantings[0].species: fractions must add up to 1, they add up to 0.8');
    expect(found).toContain('plantings[1].name: zone name "zone" is used twice');
  });

  it('rejects overlapping zones but accepts zones that touch', async () => {
    const sc = smallScenario();
    const mix = [{ species: 'rowan', fraction: 1 }];
    sc.plantings.push({ name: 'touching', polygon: [[300, 100], [380, 100], [380, 300], [300, 300]], species: mix, density: 1000 });
    await expect(loadScenario(sc, { baseDir: tempDir() })).resolves.toBeDefined();
    sc.plantings.push({ name: 'crossing', polygon: [[250, 250], [350, 250], [350, 350], [250, 350]], species: mix, density: 1000 });
    sc.plantings.push({ name: 'inside', polygon: [[150, 150], [200, 150], [200, 200]], species: mix, density: 1000 });
    // A compartment drawn by snapping to the first zone's corners, sharing both its side edges.
    sc.plantings.push({ name: 'snapped', polygon: [[100, 200], [300, 200], [300, 400], [100, 400]], species: mix, density: 1000 });
    const found = await problems(sc);
    const twice = 'which would be planted twice; zones may touch but not overlap';
    expect(found).toContain(`plantings[2].polygon: overlaps zone "zone" (plantings[0]) by 0.25 ha, ${twice}`);
    expect(found).toContain(`plantings[2].polygon: overlaps zone "touching" (plantings[1]) by 0.25 ha, ${twice}`);
    expect(found).toContain(`plantings[3].polygon: overlaps zone "zone" (plantings[0]) by 0.13 ha, ${twice}`);
    expect(found).toContain(`plantings[4].polygon: overlaps zone "zone" (plantings[0]) by 2.00 ha, ${twice}`);
    expect(found).toContain(`plantings[4].polygon: overlaps zone "crossing" (plantings[2]) by 0.50 ha, ${twice}`);
    expect(found.filter((f) => f.includes('overlaps')).length).toBe(5);
  });

  it('finds every overlap of zones drawn on a snapping grid, with the ground they share, and none where they only touch', () => {
    // Rectangles with corners on a 100 m grid, given from any corner and in either direction: the
    // cases where zones share edges, which a test of crossing edges alone misses.
    const rect = fc.record({ x: fc.integer({ min: 0, max: 4 }), y: fc.integer({ min: 0, max: 4 }), w: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 1, max: 3 }), start: fc.integer({ min: 0, max: 3 }), reverse: fc.boolean() });
    const ring = (r: { x: number; y: number; w: number; h: number; start: number; reverse: boolean }): [number, number][] => {
      const [x0, y0, x1, y1] = [r.x * 100, r.y * 100, (r.x + r.w) * 100, (r.y + r.h) * 100];
      const corners: [number, number][] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
      const turned = [...corners.slice(r.start), ...corners.slice(0, r.start)];
      return r.reverse ? turned.reverse() : turned;
    };
    fc.assert(
      fc.property(rect, rect, (a, b) => {
        const shared = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y)) * 10_000;
        expect(zoneOverlapM2(ring(a), ring(b))).toBeCloseTo(shared, 6);
      }),
      { numRuns: 2_000, seed: 20261207 },
    );
  });

  it('rejects absurd sizes', async () => {
    const sc = smallScenario({ years: 100000 });
    sc.plantings[0].density = 1e9;
    const found = await problems(sc);
    expect(found).toContain('years: must be <= 300');
    expect(found).toContain('plantings[0].density: must be <= 40000');
    const huge = smallScenario({
      terrain: { type: 'procedural', width: 100000, height: 100000, cellSize: 1, relief: 0, shape: 'flat' },
    });
    expect((await problems(huge)).join('\n')).toMatch(/terrain: .*cells/);
  });

  it('rejects herbivore areas without ground, conflicting kind overrides, late plantings and too many animals', async () => {
    const sc = smallScenario({
      years: 5,
      herbivores: [
        { kind: 'red_deer', count: 2, area: [[10, 10], [20, 20], [10, 10]], browseHeight: 1.5 },
        { kind: 'red_deer', count: 2, browseHeight: 1.2 },
        { kind: 'roe_deer', densityPerKm2: 10_000 },
      ],
    });
    sc.plantings[0].year = 9;
    const found = await problems(sc);
    expect(found).toContain('herbivores[0].area: needs at least 3 distinct vertices enclosing some ground');
    expect(found).toContain('herbivores[1].browseHeight: differs from herbivores[0].browseHeight (1.5) for the same kind; set it once per kind');
    expect(found).toContain('plantings[0].year: is after the last simulated year (5)');
    const crowd = smallScenario({ terrain: { type: 'procedural', width: 4000, height: 4000, cellSize: 20, relief: 0, shape: 'flat' }, herbivores: [{ kind: 'roe_deer', densityPerKm2: 9000 }] });
    expect((await problems(crowd)).join('\n')).toMatch(/herbivores: would start with about 144,000 animals; at most 100,000/);
  });

  it('rejects unknown fields and wrong types', async () => {
    const sc = { ...smallScenario(), colour: 'green', seed: 'abc', years: undefined };
    const found = await problems(sc);
    expect(found.some((p) => p.endsWith('unknown field "colour"'))).toBe(true);
    expect(found).toContain('seed: must be a number, not the text "abc"');
    expect(found).toContain('years: is required (number)');
  });

  it('names a missing terrain file, and an unreadable one', async () => {
    const dir = tempDir();
    const missing = await problems(smallScenario({ terrain: { type: 'geotiff', path: 'nowhere.tif' } }), dir);
    expect(missing.join('\n')).toMatch(/terrain\.path: .*nowhere\.tif/);
    writeFileSync(join(dir, 'junk.tif'), 'this is not a tiff');
    const junk = await problems(smallScenario({ terrain: { type: 'geotiff', path: 'junk.tif' } }), dir);
    expect(junk.join('\n')).toMatch(/terrain\.path: .*junk\.tif/);
  });

  it('reports a JSON syntax error with its line', async () => {
    const dir = tempDir();
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "name": "x",\n  "years": 10,,\n}\n');
    await expect(loadScenarioFile(file)).rejects.toThrow(/broken\.json.*line 3/s);
    await expect(loadScenarioFile(join(dir, 'absent.json'))).rejects.toThrow(/absent\.json.*file not found/s);
  });

  it.skipIf(!hasRealDem)('runs on a crop of the real DEM in its own coordinates', async () => {
    const x0 = 376313.655 + 30 * 400;
    const y0 = 3807917.828 - 30 * 400;
    const sc = smallScenario({
      terrain: { type: 'geotiff', path: realDem, extent: { minX: x0, minY: y0, maxX: x0 + 1500, maxY: y0 + 1500 } },
    });
    sc.plantings[0].polygon = [[x0 + 500, y0 + 500], [x0 + 900, y0 + 500], [x0 + 900, y0 + 900], [x0 + 500, y0 + 900]];
    const loaded = await loadScenario(sc, { baseDir: tempDir() });
    expect(loaded.terrain.crs).toBe('EPSG:32611');
    expect(loaded.terrain.cols * loaded.terrain.cellSize).toBeGreaterThanOrEqual(1500);
  });
});
