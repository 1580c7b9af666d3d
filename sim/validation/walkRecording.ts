import { WalkModel } from '../model/herbivores/walk.js';
import type { Site } from '../model/site.js';
import { startReplicate } from '../model/simulation.js';
import type { YearContext } from '../model/year/context.js';

/**
 * A replicate's herd moved by the reference walk alone, year by year, with every animal's position kept
 * at `samples` moments a year, as GPS collars keep fixes: the validation's telemetry.
 */
export class WalkRecording {
  readonly ctx: YearContext;
  private positions: Float32Array = new Float32Array(0);
  private readonly walk = new WalkModel();

  constructor(site: Site, samples: number) {
    this.ctx = startReplicate(site, {
      replicate: 0,
      trackSamples: samples,
      frames: { onLayout: () => undefined, onFrame: (f) => void (this.positions = f.tracks) },
    });
  }

  /** Walks year `year` and returns the positions, [sample][animal][x, y]. */
  year(year: number): Float32Array {
    const ctx = this.ctx;
    ctx.year = year;
    ctx.day0 = (year - 1) * ctx.site.scenario.scenario.herbivoreSteps.daysPerYear;
    ctx.fences.beginYear(year, ctx.rng.fences);
    this.walk.browseYear(ctx);
    ctx.frames!.emit(year, ctx.trees, ctx.fences, ctx.herd.count);
    return this.positions;
  }
}
