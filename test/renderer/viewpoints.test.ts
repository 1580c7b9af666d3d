import { describe, expect, it } from 'vitest';
import { headingOf, orbitOf } from '../../renderer/scene/viewpoints.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { smallScenario, tempDir } from '../helpers.js';

// A viewpoint as the orbit camera's angles and back, and the plan's viewpoints as the schema takes them.

/** The camera's place relative to its target, x east and z north (as the orbit camera puts it). */
const offset = (alpha: number, beta: number) => ({ east: Math.cos(alpha) * Math.sin(beta), up: Math.cos(beta), north: Math.sin(alpha) * Math.sin(beta) });

describe('viewpoints', () => {
  it('turn a heading, pitch and distance into the orbit camera and back', () => {
    for (const heading of [0, 45, 90, 135, 180, 270, 359]) {
      for (const pitch of [0, 30, 60, 89]) {
        const pose = orbitOf(heading, pitch, 750);
        expect(headingOf(pose)).toEqual({ heading, pitch, distance: 750 });
      }
    }
    // Looking north the camera stands south of its target; looking east, west of it; looking down, above it.
    const north = orbitOf(0, 30, 1);
    expect(offset(north.alpha, north.beta).north).toBeLessThan(-0.8);
    const east = orbitOf(90, 30, 1);
    expect(offset(east.alpha, east.beta).east).toBeLessThan(-0.8);
    const down = orbitOf(200, 90, 1);
    expect(offset(down.alpha, down.beta).up).toBeCloseTo(1, 12);
  });

  it('are kept with a plan under names of their own', async () => {
    const view = { name: 'from the road', target: [200, 200] as [number, number], heading: 30, pitch: 10, distance: 300 };
    const loaded = await loadScenario(smallScenario({ viewpoints: [view] }), { baseDir: tempDir() });
    expect(loaded.resolved.scenario.viewpoints).toEqual([view]);
    await expect(loadScenario(smallScenario({ viewpoints: [view, { ...view, heading: 40 }] }), { baseDir: tempDir() })).rejects.toThrow(/viewpoints\[1\]\.name: viewpoint name "from the road" is used twice/);
    await expect(loadScenario(smallScenario({ viewpoints: [{ ...view, pitch: 120 }] }), { baseDir: tempDir() })).rejects.toThrow(/viewpoints\[0\]\.pitch/);
  });
});
