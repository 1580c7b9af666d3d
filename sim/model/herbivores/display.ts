import { Rng, Stream } from '../../random/rng.js';
import type { UseGrid } from '../../results/frames.js';
import type { YearContext } from '../year/context.js';
import type { AreaMap } from './areas.js';
import type { FieldGrid } from './fieldGrid.js';
import type { HomeGroup } from './groups.js';
import type { HomeKernel } from './kernel.js';

/** Share of an animal's displacement from home kept from one display sample to the next (the rest is drawn afresh). */
const KEEP = 0.85;
/** Tries at a new display position before the animal is left where it stood. */
const TRIES = 12;

/**
 * What the 3D view shows of the field's herd, which has no paths: each animal at the view's sample
 * moments, placed by a short walk for display (each position a step from the last, drawn around its
 * home-range centre, kept on the side of the fences where its time is), and the year's use of the
 * ground as animal-days per hectare. Draws come from their own stream, so showing a run changes nothing
 * in it.
 */
export class FieldDisplay {
  private readonly rng: Rng;

  constructor(ctx: YearContext) {
    const sc = ctx.site.scenario.scenario;
    this.rng = new Rng(sc.seed, ctx.replicate, Stream.Display);
  }

  /**
   * Positions of every animal at one moment, written to the frame's track at `sample`: `groupOf[a]` is the
   * group of animal a, `mapOf[a]` its population's areas and `kernelOf[a]` its kernel.
   */
  place(ctx: YearContext, sample: number, groups: readonly HomeGroup[], groupOf: Int32Array, maps: readonly AreaMap[], kernels: readonly HomeKernel[]): void {
    const { herd, frames } = ctx;
    if (!frames) return;
    const rng = this.rng;
    const base = sample * herd.count * 2;
    for (let a = 0; a < herd.count; a++) {
      const g = groups[groupOf[a]];
      const map = maps[herd.population[a]];
      const kernel = kernels[herd.kind[a]];
      // The area the animal is in at this moment, by the share of its time there.
      let u = rng.next();
      let area = g.homeArea;
      for (let i = 0; i < map.count; i++) {
        if (g.share[i] <= 0) continue;
        u -= g.share[i];
        if (u < 0) {
          area = i;
          break;
        }
      }
      const spread = kernel.reach * 0.35 * Math.sqrt(1 - KEEP * KEEP);
      let x = herd.x[a];
      let y = herd.y[a];
      for (let t = 0; t < TRIES; t++) {
        const nx = g.homeX + KEEP * (x - g.homeX) + spread * rng.normal();
        const ny = g.homeY + KEEP * (y - g.homeY) + spread * rng.normal();
        if (map.areaAt(nx, ny) === area && kernel.atPoint(g.homeX, g.homeY, nx, ny) > 0) {
          x = nx;
          y = ny;
          break;
        }
        // Far from where its time now is (across a fence, say): start again from home.
        if (t === TRIES / 2) {
          x = g.homeX;
          y = g.homeY;
        }
      }
      herd.x[a] = x;
      herd.y[a] = y;
      if (base + 2 * a + 1 < frames.positions.length) {
        frames.positions[base + 2 * a] = x;
        frames.positions[base + 2 * a + 1] = y;
      }
    }
  }
}

/**
 * The year's use of the ground by every group: its days in each area spread over the area by its kernel
 * (forage's extra hold left out), as animal-days per hectare on the field grid.
 */
export function useGrid(grid: FieldGrid, entries: readonly { groups: readonly HomeGroup[]; map: AreaMap; kernel: HomeKernel }[]): UseGrid {
  const perHa = new Float32Array(grid.cellCount);
  const haPerCell = (grid.cellSize * grid.cellSize) / 10_000;
  for (const { groups, map, kernel } of entries) {
    for (const g of groups) {
      const reach = kernel.reach;
      const c0 = Math.max(0, Math.floor((g.homeX - reach - grid.west) / grid.cellSize));
      const c1 = Math.min(grid.cols - 1, Math.floor((g.homeX + reach - grid.west) / grid.cellSize));
      const r0 = Math.max(0, Math.floor((grid.north - g.homeY - reach) / grid.cellSize));
      const r1 = Math.min(grid.rows - 1, Math.floor((grid.north - g.homeY + reach) / grid.cellSize));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const fc = r * grid.cols + c;
          const k = kernel.atPoint(g.homeX, g.homeY, grid.centreX[fc], grid.centreY[fc]);
          if (k === 0) continue;
          for (let q = map.cellPieceStart[fc]; q < map.cellPieceStart[fc + 1]; q++) {
            const p = map.cellPieces[q];
            const a = map.pieceArea[p];
            if (g.yearDays[a] > 0 && g.zconst[a] > 0) perHa[fc] += (g.count * g.yearDays[a] * k * map.pieceM2[p]) / g.zconst[a] / haPerCell;
          }
        }
      }
    }
  }
  return { cols: grid.cols, rows: grid.rows, cellSize: grid.cellSize, west: grid.west, north: grid.north, perHa };
}
