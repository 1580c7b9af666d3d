import type { TreeLayout, UseGrid, YearFrame } from '../../results/frames.js';
import type { FenceNetwork } from '../fences.js';
import type { Site } from '../site.js';
import type { TreeStore } from '../trees.js';

/** Herbivore positions kept per year in a frame. */
export const TRACK_SAMPLES = 24;

export interface FrameSink {
  onLayout(layout: TreeLayout): void;
  onFrame(frame: YearFrame): void;
  /** Each frame carries every tree's carbon (the yearly carbon maps need it; the 3D view does not). */
  carbon?: boolean;
}

/**
 * The per-year frames of the replicate the 3D view shows: the layout of the trees once, then each year
 * their state, the herd's positions at `samples` moments of the year and the open breaches. The
 * browsing model writes the positions into `positions` ([sample][animal][x, y]) as the year goes.
 */
export class FrameOutput {
  readonly samples: number;
  positions = new Float32Array(0);
  /** The year's herbivore use, set by the browsing model. */
  use: UseGrid | undefined;
  private framed = 0;

  constructor(
    private readonly site: Site,
    private readonly sink: FrameSink,
    private readonly replicate: number,
    samples = TRACK_SAMPLES,
  ) {
    const { stepsPerDay, daysPerYear } = site.scenario.scenario.herbivoreSteps;
    // Never more samples than steps in a year, so every sample is written.
    this.samples = Math.min(samples, daysPerYear * stepsPerDay);
  }

  /** Makes room for the positions of `animals` at every sample of the year. */
  reserveTracks(animals: number): void {
    if (this.positions.length < this.samples * animals * 2) this.positions = new Float32Array(this.samples * animals * 2);
  }

  emit(year: number, trees: TreeStore, fences: FenceNetwork, animals: number): void {
    const site = this.site;
    const daysPerYear = site.scenario.scenario.herbivoreSteps.daysPerYear;
    if (year === 0) {
      this.sink.onLayout({
        replicate: this.replicate,
        count: trees.count,
        x: trees.x.slice(0, trees.count),
        y: trees.y.slice(0, trees.count),
        species: trees.species.slice(0, trees.count),
        zone: trees.zone.slice(0, trees.count),
        speciesIds: site.scenario.speciesIds,
      });
      this.framed = trees.count;
    }
    const n = trees.count;
    const from = this.framed;
    const appended = new Float64Array((n - from) * 2);
    for (let i = from; i < n; i++) {
      appended[(i - from) * 2] = trees.x[i];
      appended[(i - from) * 2 + 1] = trees.y[i];
    }
    const browsed = new Uint8Array(n);
    for (let i = 0; i < n; i++) browsed[i] = trees.browsedYear[i] === year ? 1 : 0;
    this.sink.onFrame({
      replicate: this.replicate,
      year,
      count: n,
      appended,
      appendedSpecies: trees.species.slice(from, n),
      height: trees.height.slice(0, n),
      status: trees.status.slice(0, n),
      browsed,
      tracks: year > 0 ? this.positions.slice(0, this.samples * animals * 2) : new Float32Array(0),
      trackSamples: year > 0 ? this.samples : 0,
      animals,
      breaches: fences.breachPositions(year * daysPerYear),
      ...(year > 0 && this.use ? { use: this.use } : {}),
      ...(this.sink.carbon ? { carbon: this.treeCarbon(trees) } : {}),
    });
    this.use = undefined;
    this.framed = n;
  }

  /** Carbon of each live tree, above and below ground, tCO2e (0 for trees not alive), as the metrics count it. */
  private treeCarbon(trees: TreeStore): Float32Array {
    const sp = this.site.species;
    const out = new Float32Array(trees.count);
    const { live } = trees;
    for (let j = 0; j < trees.liveCount; j++) {
      const i = live[j];
      const s = trees.species[i];
      out[i] = sp.biomassAt(s, trees.height[i], trees.diameter[i]) * sp.co2PerKgAgb[s];
    }
    return out;
  }
}
