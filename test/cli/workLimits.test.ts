import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// Plans that validate must run in bounded time: a plan asking for too much work is refused by its counts
// before any of that work, with the count, the limit and what to change.
//
// `validate` runs in this process (`main`, the built core in dist/, as bin/reforest.js runs it).

/** Validates a plan through the command with a hard time limit: exit code and message. */
async function validate(plan: unknown) {
  const file = join(tempDir(), 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  const out = await reforestInProcess(['validate', file], { timeLimitMs: 20_000, compiled: true });
  expect(out.timedOut, 'validate ran past its time').toBe(false);
  return { code: out.code, stderr: out.stderr };
}

const square = (x: number, y: number, s: number): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s]];

describe('plans that ask for too much work', () => {
  it('refuses 20,000 fences at once, naming the limit', async () => {
    const fences = Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}`, type: 'deer_fence', path: [[10 + (i % 300), 10], [10 + (i % 300), 20]] }));
    const r = await validate(smallScenario({ fences } as never));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/fences: at most 1,000 fences; join fences that meet into one path/);
  });

  it('refuses more than 1,000 zones', async () => {
    const plantings = Array.from({ length: 1_001 }, (_, i) => ({
      name: `z${i}`,
      polygon: square(1 + (i % 30) * 12, 1 + Math.floor(i / 30) * 11, 10),
      species: [{ species: 'downy_birch', fraction: 1 }],
      density: 100,
    }));
    const r = await validate(smallScenario({ plantings } as never));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/plantings: at most 1,000 zones/);
  });

  it('refuses more vertices in all than the checks can compare, before comparing any', async () => {
    // 40 zones of 9,000 vertices each: under the per-zone cap, far over the total.
    const circle = (cx: number, cy: number) => Array.from({ length: 9_000 }, (_, k) => [cx + 4 * Math.cos((2 * Math.PI * k) / 9_000), cy + 4 * Math.sin((2 * Math.PI * k) / 9_000)]);
    const plantings = Array.from({ length: 40 }, (_, i) => ({ name: `z${i}`, polygon: circle(20 + (i % 8) * 10, 20 + Math.floor(i / 8) * 10), species: [{ species: 'downy_birch', fraction: 1 }], density: 100 }));
    const r = await validate(smallScenario({ plantings } as never));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/have 360,000 vertices together; at most 200,000/);
  });

  it('refuses zones whose overlapping extents would take too long to compare', async () => {
    // Nested rings of 3,000 vertices: every pair's extents overlap.
    const ring = (r: number) => Array.from({ length: 3_000 }, (_, k) => [200 + r * Math.cos((2 * Math.PI * k) / 3_000), 200 + r * Math.sin((2 * Math.PI * k) / 3_000)]);
    const plantings = Array.from({ length: 30 }, (_, i) => ({ name: `z${i}`, polygon: ring(20 + i * 5), species: [{ species: 'downy_birch', fraction: 1 }], density: 100 }));
    const r = await validate(smallScenario({ plantings } as never));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/edge comparisons to check that they do not overlap/);
  });

  it('refuses a results table larger than memory holds, naming replicates, years and zones', async () => {
    const plantings = Array.from({ length: 300 }, (_, i) => ({ name: `z${i}`, polygon: square(1 + (i % 20) * 19, 1 + Math.floor(i / 20) * 19, 18), species: [{ species: 'downy_birch', fraction: 1 }], density: 100 }));
    const r = await validate(smallScenario({ plantings, years: 300, replicates: 10_000 } as never));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/replicates: 10,000 replicates × 301 years × 301 zones of metrics would hold .* GiB; at most 1 GiB/);
  });

  it('refuses fences that would break thousands of times a year, and breaches left open for years', async () => {
    const fence = { name: 'f', type: 'deer_fence', path: square(50, 50, 300), closed: true };
    const often = await validate(smallScenario({ fences: [{ ...fence, breachRatePerKmPerYear: 10_000 }] } as never));
    expect(often.code, often.stderr).toBe(2);
    expect(often.stderr).toMatch(/fences: the fences would break about 18,000 times in their worst year; at most 2,000/);
    const unmended = await validate(smallScenario({ fences: [{ ...fence, breachRatePerKmPerYear: 1_000, repairDelayDays: 3_650 }] } as never));
    expect(unmended.code, unmended.stderr).toBe(2);
    expect(unmended.stderr).toMatch(/about 1,800 breaches would stand open at once; at most 500/);
  });

  it('refuses a herd too large for a generated site from its size, without generating it', async () => {
    // 44 million cells take minutes to generate (validate took 91-141 s);; the herd is known to be too large from the width and height.
    const plan = smallScenario({
      terrain: { type: 'procedural', width: 100_000, height: 100_000, cellSize: 15, relief: 100, baseElevation: 100, shape: 'hills' },
      herbivores: [{ kind: 'red_deer', densityPerKm2: 20 }],
    });
    const r = await validate(plan);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/herbivores: would start with about 200,000 animals; at most 100,000/);
  });
});
