import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointInPolygon, segmentsIntersect, type Point } from '../../sim/shared/polygon.js';
import type { FenceType } from '../../sim/library/schema.js';
import { FenceNetwork } from '../../sim/model/fences.js';
import { Rng } from '../../sim/random/rng.js';
import type { Fence } from '../../sim/scenario/schema.js';

const s = (value: number) => ({ value, source: 'test' });
const solid: FenceType = {
  name: 'solid',
  height: s(2),
  passability: { deer: 0 },
  costPerMetre: s(0),
  maintenancePerMetrePerYear: s(0),
  removalCostPerMetre: s(0),
  breachRatePerKmPerYear: s(0),
  breachRateIncreasePerYear: s(0),
  repairDelayDays: s(30),
  gapWidth: s(2),
};

function fence(path: Point[], closed: boolean): Fence {
  return { name: 'f', type: 'solid', path, closed, installYear: 0 };
}

function network(fences: Fence[], cellSize = 20): FenceNetwork {
  const net = new FenceNetwork({ fences, fenceTypes: { solid }, kinds: ['deer'], daysPerYear: 365, cellSize });
  net.beginYear(1, new Rng(1));
  return net;
}

const coord = fc.double({ min: 0, max: 200, noNaN: true });
const pointArb = fc.tuple(coord, coord);

describe('FenceNetwork', () => {
  it('never lets a random walk cross an intact fence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(pointArb, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        pointArb,
        fc.array(fc.tuple(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 0.5, max: 19, noNaN: true })), {
          minLength: 1,
          maxLength: 200,
        }),
        (paths, start, steps) => {
          const fences = paths.map((p) => fence(p as Point[], false));
          const net = network(fences);
          const rng = new Rng(7);
          let [x, y] = start;
          for (const [heading, len] of steps) {
            const nx = x + len * Math.sin(heading);
            const ny = y + len * Math.cos(heading);
            if (!(net.encounter(x, y, nx, ny, 0, 10, rng) < 0)) continue;
            for (const p of paths) {
              for (let i = 0; i + 1 < p.length; i++) {
                const [ax, ay] = p[i];
                const [bx, by] = p[i + 1];
                expect(segmentsIntersect(x, y, nx, ny, ax, ay, bx, by)).toBe(false);
              }
            }
            x = nx;
            y = ny;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps an animal that starts outside a closed fence outside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const ring: Point[] = [[50, 50], [150, 60], [140, 150], [60, 140]];
        const net = network([fence(ring, true)]);
        const rng = new Rng(seed);
        let x = 10;
        let y = 10;
        for (let k = 0; k < 2000; k++) {
          const h = rng.next() * 2 * Math.PI;
          const nx = Math.min(200, Math.max(0, x + 15 * Math.sin(h)));
          const ny = Math.min(200, Math.max(0, y + 15 * Math.cos(h)));
          if ((net.encounter(x, y, nx, ny, 0, 10, rng) < 0)) {
            x = nx;
            y = ny;
          }
          expect(pointInPolygon(ring, x, y)).toBe(false);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('lets animals through an open breach, and only while it is open', () => {
    const net = network([fence([[0, 100], [200, 100]], false)]);
    const rng = new Rng(3);
    // A breach 2 m wide centred 50 m along the fence, open from day 10 to day 40.
    net.addBreach(0, 50, 10, 40);
    expect((net.encounter(50, 95, 50, 105, 0, 20, rng) < 0)).toBe(true);
    expect((net.encounter(50.8, 95, 50.8, 105, 0, 20, rng) < 0)).toBe(true);
    expect((net.encounter(53, 95, 53, 105, 0, 20, rng) < 0)).toBe(false);
    expect((net.encounter(50, 95, 50, 105, 0, 5, rng) < 0)).toBe(false);
    expect((net.encounter(50, 95, 50, 105, 0, 40, rng) < 0)).toBe(false);
    expect(net.openBreaches(20)).toBe(1);
    expect(net.openBreaches(45)).toBe(0);
  });

  it('lets a random walk into a closed fence only through its breaches', () => {
    const ring: Point[] = [[50, 50], [150, 50], [150, 150], [50, 150]];
    const net = network([fence(ring, true)]);
    net.addBreach(0, 50, 0, 1e9);
    const rng = new Rng(11);
    let entered = 0;
    for (let walker = 0; walker < 200; walker++) {
      let x = 100;
      let y = 30;
      for (let k = 0; k < 500; k++) {
        const h = rng.next() * 2 * Math.PI;
        const nx = Math.min(200, Math.max(0, x + 5 * Math.sin(h)));
        const ny = Math.min(200, Math.max(0, y + 5 * Math.cos(h)));
        if (!(net.encounter(x, y, nx, ny, 0, 10, rng) < 0)) continue;
        const wasInside = pointInPolygon(ring, x, y);
        if (!wasInside && pointInPolygon(ring, nx, ny)) {
          entered++;
          // The step into the exclosure must pass through the gap on the south side, 99–101 m east.
          const t = (50 - y) / (ny - y);
          const crossX = x + t * (nx - x);
          expect(crossX).toBeGreaterThanOrEqual(99 - 1e-9);
          expect(crossX).toBeLessThanOrEqual(101 + 1e-9);
        }
        x = nx;
        y = ny;
      }
    }
    expect(entered).toBeGreaterThan(0);
  });

  it('lets a jumpable fence through in proportion to its passability', () => {
    const low: FenceType = { ...solid, passability: { deer: 0.3 } };
    const net = new FenceNetwork({
      fences: [{ name: 'low', type: 'low', path: [[0, 100], [200, 100]], closed: false, installYear: 0 }],
      fenceTypes: { low },
      kinds: ['deer'],
      daysPerYear: 365,
      cellSize: 20,
    });
    net.beginYear(1, new Rng(1));
    const rng = new Rng(5);
    // Mid-cell, and across the boundary between two index cells, where the fence is listed twice.
    for (const x of [30, 40]) {
      let passed = 0;
      const tries = 20_000;
      for (let k = 0; k < tries; k++) if ((net.encounter(x - 1, 95, x + 1, 105, 0, 1, rng) < 0)) passed++;
      expect(passed / tries, `crossing at x=${x}`).toBeGreaterThan(0.28);
      expect(passed / tries, `crossing at x=${x}`).toBeLessThan(0.32);
    }
  });

  it('stands only between its install and removal years', () => {
    const net = new FenceNetwork({
      fences: [{ name: 'f', type: 'solid', path: [[0, 100], [200, 100]], closed: false, installYear: 2, removalYear: 5 }],
      fenceTypes: { solid },
      kinds: ['deer'],
      daysPerYear: 365,
      cellSize: 20,
    });
    const rng = new Rng(1);
    const crosses = (year: number) => {
      net.beginYear(year, rng);
      return (net.encounter(100, 95, 100, 105, 0, year * 365, rng) < 0);
    };
    expect([1, 2, 3, 4, 5, 6].map(crosses)).toEqual([true, true, false, false, false, true]);
  });

  it('is new again when rebuilt: its breach rate goes back to the new fence\'s', () => {
    const ageing: FenceType = { ...solid, breachRatePerKmPerYear: s(4), breachRateIncreasePerYear: s(1), repairDelayDays: s(1) };
    const breaches = (renewEveryYears?: number) => {
      const net = new FenceNetwork({
        fences: [{ name: 'f', type: 'ageing', path: [[0, 0], [5000, 0]], closed: false, installYear: 0, ...(renewEveryYears ? { renewEveryYears } : {}) }],
        fenceTypes: { ageing },
        kinds: ['deer'],
        daysPerYear: 365,
        cellSize: 50,
      });
      const rng = new Rng(3);
      const perYear: number[] = [];
      for (let year = 1; year <= 10; year++) {
        net.beginYear(year, rng);
        perYear.push(net.breachCount);
      }
      return perYear;
    };
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    // 20 a year new, and 20 more for each year of age: years 6-10 hold about 20·(6+…+10) = 800
    // breaches as the fence ages on, and about 20·(1+…+5) = 300 when it is rebuilt after year 5.
    const kept = breaches();
    const renewed = breaches(5);
    expect(sum(kept.slice(5))).toBeGreaterThan(650);
    expect(sum(renewed.slice(5))).toBeGreaterThan(220);
    expect(sum(renewed.slice(5))).toBeLessThan(380);
  });

  it('opens breaches at the published rate per km and year', () => {
    const leaky: FenceType = { ...solid, breachRatePerKmPerYear: s(4), repairDelayDays: s(1) };
    const net = new FenceNetwork({
      fences: [{ name: 'f', type: 'leaky', path: [[0, 0], [5000, 0]], closed: false, installYear: 0 }],
      fenceTypes: { leaky },
      kinds: ['deer'],
      daysPerYear: 365,
      cellSize: 50,
    });
    const rng = new Rng(9);
    let total = 0;
    for (let year = 1; year <= 200; year++) {
      // Repaired within a day, so last year's breaches are gone and every breach held is new.
      net.beginYear(year, rng);
      total += net.breachCount;
    }
    // 4 per km per year on 5 km: about 20 new breaches a year.
    expect(total / 200).toBeGreaterThan(15);
    expect(total / 200).toBeLessThan(25);
  });
});
