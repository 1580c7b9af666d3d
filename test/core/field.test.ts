import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../sim/scenario/library.js';
import { AreaMap } from '../../sim/model/herbivores/areas.js';
import { ExchangeSolver } from '../../sim/model/herbivores/exchange.js';
import { FieldGrid } from '../../sim/model/herbivores/fieldGrid.js';
import { HomeKernel } from '../../sim/model/herbivores/kernel.js';
import { Site } from '../../sim/model/site.js';
import { simulateReplicate } from '../../sim/model/simulation.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { kernelAt } from '../../sim/scenario/effective.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { defaultScenario, smallScenario, tempDir } from '../helpers.js';

/** A 400 m × 400 m grid of 5 m cells, all walkable. */
function plainGrid() {
  const site = { cols: 80, rows: 80, cellSize: 5, west: 0, north: 400, cellCount: 6400, cellAt: (x: number, y: number) => Math.floor((400 - y) / 5) * 80 + Math.floor(x / 5), centreX: (c: number) => ((c % 80) + 0.5) * 5, centreY: (c: number) => 400 - (Math.floor(c / 80) + 0.5) * 5 };
  return { site, field: new FieldGrid(site as never, 20), walkable: new Uint8Array(6400).fill(1), zoneOfCell: new Uint16Array(6400) };
}

function square(x0: number, y0: number, x1: number, y1: number) {
  return [
    [x0, y0, x1, y0],
    [x1, y0, x1, y1],
    [x1, y1, x0, y1],
    [x0, y1, x0, y0],
  ].map(([ax, ay, bx, by]) => ({ ax, ay, bx, by, fence: 0, pass: 0 }));
}

describe('fenced areas', () => {
  it('a closed fence cuts the ground into inside and outside, linked along the fence only', () => {
    const g = plainGrid();
    const map = new AreaMap({ grid: g.site as never, field: g.field, walkable: g.walkable, zoneOfCell: g.zoneOfCell, barriers: square(100, 100, 300, 300), elementLength: 10 });
    expect(map.count).toBe(2);
    const inside = map.areaAt(200, 200);
    const outside = map.areaAt(50, 50);
    expect(inside).not.toBe(outside);
    // The inside's ground is the 200 m square's, to the cell.
    expect(map.m2[inside]).toBe(200 * 200);
    expect(map.m2[outside]).toBe(400 * 400 - 200 * 200);
    // 800 m of fence in 10 m elements, each between the two areas.
    expect(map.linkX.length).toBe(80);
    expect(map.linkLength.reduce((a, b) => a + b, 0)).toBeCloseTo(800, 6);
    for (let e = 0; e < map.linkX.length; e++) expect(new Set([map.linkA[e], map.linkB[e]])).toEqual(new Set([inside, outside]));
    // The pieces of ground add up to every area's.
    const byArea = [0, 0];
    map.pieceM2.forEach((m2, p) => (byArea[map.pieceArea[p]] += m2));
    expect(byArea[inside]).toBe(map.m2[inside]);
  });

  it('a fence that ends in open ground leaves one area, with no link across it', () => {
    const g = plainGrid();
    const map = new AreaMap({ grid: g.site as never, field: g.field, walkable: g.walkable, zoneOfCell: g.zoneOfCell, barriers: [{ ax: 200, ay: 50, bx: 200, by: 350, fence: 0, pass: 0 }], elementLength: 10 });
    expect(map.count).toBe(1);
    expect(map.linkX.length).toBe(0);
  });
});

describe('exchange between areas', () => {
  const solver = new ExchangeSolver();

  it('two areas: the exact relaxation, time integral and all, agreeing with the general solution', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 200, noNaN: true }), (a, b, p, days) => {
        const rates = Float64Array.from([0, a, b, 0]);
        const share = Float64Array.from([p, 1 - p]);
        const time = new Float64Array(2);
        solver.advance(2, rates, share, days, time);
        // Time in each area adds up to the interval, and the shares to one.
        expect(time[0] + time[1]).toBeCloseTo(days, 6);
        expect(share[0] + share[1]).toBeCloseTo(1, 9);
        // The same chain as three areas, the third unreachable, by the matrix exponential.
        const rates3 = Float64Array.from([0, a, 0, b, 0, 0, 0, 0, 0]);
        const share3 = Float64Array.from([p, 1 - p, 0]);
        const time3 = new Float64Array(3);
        solver.advance(3, rates3, share3, days, time3);
        expect(share3[0]).toBeCloseTo(share[0], 6);
        expect(time3[0]).toBeCloseTo(time[0], 4);
        // Long enough, the shares settle at b/(a + b).
        if (a + b > 0 && (a + b) * days > 40) expect(share[0]).toBeCloseTo(b / (a + b), 6);
      }),
    );
  });

  it('many areas: uniformization agrees with the matrix exponential', () => {
    const n = 14;
    const rates = new Float64Array(n * n);
    // A ring of areas, each leaking to the next and back.
    for (let i = 0; i < n; i++) {
      rates[i * n + ((i + 1) % n)] = 0.3 + 0.01 * i;
      rates[((i + 1) % n) * n + i] = 0.1;
    }
    const share = new Float64Array(n);
    share[0] = 1;
    const time = new Float64Array(n);
    solver.advance(n, rates, share, 30, time);
    expect(share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(time.reduce((a, b) => a + b, 0)).toBeCloseTo(30, 6);
    // Against a fine Euler march of the same chain.
    let p = new Float64Array(n);
    p[0] = 1;
    const steps = 300_000;
    const dt = 30 / steps;
    const t = new Float64Array(n);
    for (let s = 0; s < steps; s++) {
      const next = Float64Array.from(p);
      for (let i = 0; i < n; i++) {
        t[i] += p[i] * dt;
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const move = p[i] * rates[i * n + j] * dt;
          next[i] -= move;
          next[j] += move;
        }
      }
      p = next;
    }
    for (let i = 0; i < n; i++) {
      expect(share[i]).toBeCloseTo(p[i], 3);
      expect(time[i]).toBeCloseTo(t[i], 2);
    }
  });
});

describe('home-range kernels', () => {
  it('each library kind\u2019s kernel holds all of an animal\u2019s time, most of it within its home-range radius', () => {
    const lib = loadLibrary();
    for (const kind of Object.values(lib.herbivores)) {
      const radius = Math.sqrt((kind.homeRange.value * 1e6) / Math.PI);
      const kernel = new HomeKernel(radius, kernelAt(lib.homeKernels, kind.persistenceLength.value / radius));
      let total = 0;
      let within = 0;
      const step = radius / 50;
      for (let x = -kernel.reach; x <= kernel.reach; x += step) {
        for (let y = -kernel.reach; y <= kernel.reach; y += step) {
          const k = kernel.at2(x * x + y * y) * step * step;
          total += k;
          if (x * x + y * y <= radius * radius) within += k;
        }
      }
      expect(total).toBeCloseTo(1, 2);
      expect(within).toBeGreaterThan(0.7);
      expect(within).toBeLessThan(0.95);
    }
  });
});

async function run(sc: ScenarioInput, replicate = 0) {
  const loaded = await loadScenario(sc, { baseDir: tempDir() });
  const site = new Site(loaded.resolved, loaded.terrain);
  const outcome = simulateReplicate(site, { replicate });
  const zones = site.zoneCount + 1;
  const at = (year: number, zone: number, metric: number) => outcome.values[metricIndex(zones, year, zone, metric)];
  const sum = (zone: number, metric: number) => {
    let s = 0;
    for (let y = 1; y <= sc.years; y++) s += at(y, zone, metric);
    return s;
  };
  return { at, sum };
}

describe('the herbivore field in the model', () => {
  it('browses the open zone of the default glen as the walk does, and the fenced one hardly at all', async () => {
    const sc = { ...defaultScenario(), years: 3 };
    const field = await run({ ...sc, herbivoreModel: 'field' });
    const walk = await run({ ...sc, herbivoreModel: 'walk' });
    const unfencedField = field.sum(2, M.browsed);
    const unfencedWalk = walk.sum(2, M.browsed);
    expect(unfencedField).toBeGreaterThan(10_000);
    expect(Math.abs(unfencedField - unfencedWalk) / unfencedWalk).toBeLessThan(0.1);
    expect(field.sum(1, M.browsed)).toBeLessThan(unfencedField / 20);
    // Animal-days spread over the ground, the same mean herd in the open zone within 10%.
    expect(Math.abs(field.at(3, 2, M.herbivores_inside) / walk.at(3, 2, M.herbivores_inside) - 1)).toBeLessThan(0.1);
  }, 120_000);

  it('a fence moved 10 m changes the far zone\u2019s browsing by far less than another seed does (common random numbers)', async () => {
    const sc = { ...defaultScenario(), years: 4 };
    const base = await run(sc);
    const fence = sc.fences![0];
    const moved = await run({ ...sc, fences: [{ ...fence, path: fence.path.map(([x, y]) => [x - 10, y] as [number, number]) }] });
    const reseeded = await run({ ...sc, seed: sc.seed + 1 });
    const b = base.sum(2, M.browsed);
    const byFence = Math.abs(moved.sum(2, M.browsed) - b);
    const bySeed = Math.abs(reseeded.sum(2, M.browsed) - b);
    expect(bySeed).toBeGreaterThan(0);
    expect(byFence).toBeLessThan(bySeed / 3);
  }, 120_000);

  it('keeps a paddock\u2019s sheep in it and a deer fence\u2019s inside free of deer, year after year', async () => {
    const paddock: [number, number][] = [[20, 20], [380, 20], [380, 380], [20, 380]];
    const sheep = await run(smallScenario({ years: 3, fences: [{ name: 'paddock', type: 'stock_fence', path: paddock, closed: true }], herbivores: [{ kind: 'sheep', count: 50, area: paddock }] }));
    for (let y = 1; y <= 3; y++) expect(sheep.at(y, 0, M.herbivores_inside)).toBeCloseTo(50, 6);
    const fenced = await run(
      smallScenario({
        years: 3,
        terrain: { type: 'procedural', width: 1500, height: 1500, cellSize: 10, relief: 0, shape: 'flat' },
        fences: [{ name: 'fence', type: 'deer_fence', path: [[90, 90], [310, 90], [310, 310], [90, 310]], closed: true, breachRatePerKmPerYear: 0 }],
        herbivores: [{ kind: 'red_deer', count: 20 }],
      }),
    );
    for (let y = 1; y <= 3; y++) {
      expect(fenced.at(y, 1, M.herbivores_inside)).toBe(0);
      expect(fenced.at(y, 1, M.browsed)).toBe(0);
    }
  }, 120_000);
});
