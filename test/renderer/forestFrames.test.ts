import { describe, expect, it } from 'vitest';
import { ForestFrames } from '../../renderer/scene/forestFrames.js';
import { makeFrame, makeLayout, WEST, SOUTH } from './fixtures.js';

function run(): ForestFrames {
  const frames = new ForestFrames();
  frames.addLayout(makeLayout(100, 100, 100));
  // Tree 0 planted in year 1, dies in year 3; tree 1 browsed in years 1 and 3; tree 2 never planted.
  const status = (year: number) => (i: number) => (i === 2 ? 0 : i === 0 ? (year === 0 ? 0 : year >= 3 ? 2 : 1) : 1);
  for (let year = 0; year <= 4; year++) {
    frames.addFrame(makeFrame(year, 100, { status: status(year), browsed: (i) => i === 1 && (year === 1 || year === 3) }));
  }
  return frames;
}

const WEST_OF_LAYOUT = -150;
const EAST_OF_LAYOUT = 300;

describe('ForestFrames', () => {
  it('stores positions relative to the layout origin', () => {
    const frames = new ForestFrames();
    const layout = makeLayout(10, 100, 100);
    frames.addLayout(layout);
    expect(frames.west).toBe(Math.floor(layout.x[0]));
    expect(frames.x[3] + frames.west).toBeCloseTo(layout.x[3], 3);
    expect(frames.y[7] + frames.south).toBeCloseTo(layout.y[7], 3);
  });

  it('derives plant and death years as frames arrive', () => {
    const frames = run();
    expect(frames.lastYear).toBe(4);
    expect(frames.plantYear[0]).toBe(1);
    expect(frames.deathYear[0]).toBe(3);
    expect(frames.plantYear[1]).toBe(0);
    expect(frames.deathYear[1]).toBe(-1);
    expect(frames.plantYear[2]).toBe(-1);
  });

  it('reports tree info with age and browse history up to the asked year', () => {
    const frames = run();
    expect(frames.treeInfo(1, 4)).toEqual({ species: 1, zone: 1, height: 4.5, status: 1, age: 4, browsedYears: [1, 3] });
    expect(frames.treeInfo(1, 2).browsedYears).toEqual([1]);
    const dead = frames.treeInfo(0, 4);
    expect(dead.status).toBe(2);
    expect(dead.age).toBe(2);
    expect(frames.treeInfo(2, 4).age).toBe(0);
    expect(() => frames.treeInfo(100, 4)).toThrow(RangeError);
  });

  it('rejects frames out of order and mismatched counts', () => {
    const frames = new ForestFrames();
    frames.addLayout(makeLayout(5, 10, 10));
    expect(() => frames.addFrame(makeFrame(1, 5))).toThrow();
    expect(() => frames.addFrame(makeFrame(0, 6))).toThrow();
  });

  it('appends regenerated trees with their positions and species', () => {
    const frames = new ForestFrames();
    frames.addLayout(makeLayout(10, 100, 100));
    frames.addFrame(makeFrame(0, 10));
    frames.addFrame(makeFrame(1, 10, { appended: [[42, 17, 2], [80, 90, 1]] }));
    expect(frames.count).toBe(12);
    expect(frames.x[10] + frames.west - WEST).toBeCloseTo(42, 3);
    expect(frames.y[11] + frames.south - SOUTH).toBeCloseTo(90, 3);
    expect(frames.species[10]).toBe(2);
    expect(frames.plantYear[10]).toBe(1);
    expect(frames.nearestTree(42 + WEST - frames.west, 17 + SOUTH - frames.south, 1, 1)).toBe(10);
  });

  it('finds regenerated trees that stand beyond the planted extent', () => {
    const frames = new ForestFrames();
    frames.addLayout(makeLayout(10, 100, 100));
    frames.addFrame(makeFrame(0, 10));
    // Seedlings far east and west of the planted trees land in the index's border cells.
    frames.addFrame(makeFrame(1, 10, { appended: [[WEST_OF_LAYOUT, 50, 0], [EAST_OF_LAYOUT, 50, 1]] }));
    const local = (x: number, y: number): [number, number] => [x + WEST - frames.west, y + SOUTH - frames.south];
    expect(frames.nearestTree(...local(WEST_OF_LAYOUT, 50), 1, 2)).toBe(10);
    expect(frames.nearestTree(...local(EAST_OF_LAYOUT, 50), 1, 2)).toBe(11);
  });

  it('finds the nearest visible tree through the grid index, like a linear scan', () => {
    const frames = run();
    const year = 4;
    for (const [qx, qy] of [[5, 5], [50.2, 49.7], [99, 1], [33, 71]]) {
      let best = -1;
      let bestD = 6;
      for (let i = 0; i < frames.count; i++) {
        const d = Math.hypot(frames.x[i] - qx, frames.y[i] - qy);
        if (d <= bestD && frames.isVisible(i, year)) {
          bestD = d;
          best = i;
        }
      }
      expect(frames.nearestTree(qx, qy, year, 6)).toBe(best);
    }
    // Never-planted tree 2 is not pickable even when the query sits on it.
    expect(frames.nearestTree(frames.x[2], frames.y[2], year, 0.1)).toBe(-1);
    expect(frames.nearestTree(frames.x[0], frames.y[0], 2, 0.1)).toBe(0);
  });
});
