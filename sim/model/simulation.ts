import { KeyedDraws, Stream, replicateStream } from '../random/rng.js';
import { BeatingUp } from './beatingUp.js';
import type { TreeLayout, YearFrame } from '../results/frames.js';
import { METRIC_COUNT } from '../shared/metrics.js';
import { Forage } from './herbivores/forage.js';
import { Herd } from './herbivores/herd.js';
import { FieldModel } from './herbivores/field.js';
import { WalkModel } from './herbivores/walk.js';
import { MetricsRecorder, type YearTallies } from './metrics.js';
import { plantZone } from './planting.js';
import { NEUTRAL_DRAW, type SiteDraw } from './siteDraw.js';
import { StructureRecorder } from './structureRecorder.js';
import type { Site } from './site.js';
import type { TreeStore } from './trees.js';
import type { HerbivoreModel, YearContext } from './year/context.js';
import { FrameOutput } from './year/frames.js';
import { FIRST_YEAR_PROCESSES, YEARLY_PROCESSES } from './year/processes.js';

export interface ReplicateOptions {
  replicate: number;
  /** Called after each simulated year (progress). */
  onYear?: (year: number) => void;
  /** Called a few times within a year while the herd moves, with the share of the year done. */
  onPartOfYear?: (year: number, share: number) => void;
  /** When given, per-year frames of this replicate go here (the 3D view). */
  frames?: { onLayout(layout: TreeLayout): void; onFrame(frame: YearFrame): void; carbon?: boolean };
  /** Herbivore positions kept per year in a frame (default TRACK_SAMPLES). */
  trackSamples?: number;
  /** Polled before each yearly process; true stops the replicate early (its result is then incomplete and must be discarded). */
  shouldStop?: () => boolean;
  /** Record the stand's structure each year (species, height and diameter classes). */
  structure?: boolean;
  /** How this replicate's site differs from the plan's assumptions; NEUTRAL_DRAW when absent. */
  draw?: Readonly<SiteDraw>;
}

export interface ReplicateOutcome {
  /** Metrics laid out as `metricIndex` describes. */
  values: Float64Array;
  /** The stand's structure as shared/structure.ts lays it out, when asked for. */
  structure: Float64Array | null;
  /** Final state of every tree. */
  trees: TreeStore;
  /** Live stems (planted and regenerated) summed over the simulated years. */
  liveTreeYears: number;
  stopped: boolean;
}

/**
 * Runs one replicate of a scenario from planting to the last year. Year 0 is the state just after the
 * first planting; each later year runs the yearly processes in their fixed order (`YEARLY_PROCESSES`).
 */
export function simulateReplicate(site: Site, opts: ReplicateOptions): ReplicateOutcome {
  const ctx = startReplicate(site, opts);
  const sc = site.scenario.scenario;
  const onPart = opts.onPartOfYear;
  for (const process of FIRST_YEAR_PROCESSES) process.run(ctx);
  opts.onYear?.(0);
  const stop = opts.shouldStop;
  for (let year = 1; year <= sc.years; year++) {
    ctx.year = year;
    ctx.day0 = (year - 1) * sc.herbivoreSteps.daysPerYear;
    ctx.onPartOfYear = onPart && ((share: number) => onPart(year, share));
    for (const process of YEARLY_PROCESSES) {
      // Asked between processes, so a cancelled run frees its thread within one process, not one year.
      if (stop?.()) return outcomeOf(ctx, true);
      process.run(ctx);
    }
    opts.onYear?.(year);
  }
  return outcomeOf(ctx, false);
}

function outcomeOf(ctx: YearContext, stopped: boolean): ReplicateOutcome {
  const { recorder } = ctx;
  return { values: recorder.values, structure: recorder.structure?.values ?? null, trees: ctx.trees, liveTreeYears: recorder.liveTreeYears, stopped };
}

/**
 * A replicate at its start: every zone laid out (trees not yet alive), the herd in place, fences reset,
 * and the context the yearly processes share. `simulateReplicate` runs it; the validation drives single
 * processes on it.
 */
export function startReplicate(site: Site, opts: Pick<ReplicateOptions, 'replicate' | 'frames' | 'trackSamples' | 'structure' | 'draw'>): YearContext {
  const sc = site.scenario.scenario;
  const r = opts.replicate;
  const rng = {
    planting: replicateStream(sc.seed, r, Stream.Planting),
    herbivores: replicateStream(sc.seed, r, Stream.Herbivores),
    fences: replicateStream(sc.seed, r, Stream.Fences),
    deaths: new KeyedDraws(sc.seed, r, Stream.Growth),
    homes: new KeyedDraws(sc.seed, r, Stream.Herbivores),
    beatingUp: new KeyedDraws(sc.seed, r, Stream.BeatingUp),
    regeneration: replicateStream(sc.seed, r, Stream.Regeneration),
    climate: replicateStream(sc.seed, r, Stream.Climate),
  };
  const zones = site.zoneCount + 1;
  const estimate = sc.plantings.reduce((n, p, z) => n + site.zoneAreaHa[z] * p.density * 1.05, 16);
  const { trees, index, field, forage, fences } = site.replicateScratch(Math.ceil(estimate));
  const planted = sc.plantings.map((_, z) => plantZone(trees, site, z, rng.planting));

  const draw = opts.draw ?? NEUTRAL_DRAW;
  fences.scaleBreaches(draw.fenceBreaches);
  const herd = new Herd(site, draw.herbivores);
  herd.populate(fences, rng.homes, rng.herbivores);

  const values = new Float64Array((sc.years + 1) * zones * METRIC_COUNT);
  const tallies: YearTallies = {
    browsed: new Float64Array(zones),
    presence: new Float64Array(zones),
    // Presence is counted in animal-steps by the walk and in animal-days by the field.
    stepsPerYear: sc.herbivoreSteps.daysPerYear * (sc.herbivoreModel === 'walk' ? sc.herbivoreSteps.stepsPerDay : 1),
    breaches: new Float64Array(zones),
    cumulativeCost: new Float64Array(zones),
    planted: new Float64Array(zones),
    beatenUp: new Float64Array(zones),
    animals: herd.count,
  };
  return {
    site,
    replicate: r,
    draw,
    year: 0,
    day0: 0,
    rng,
    trees,
    index,
    field,
    fences,
    herd,
    forage: new Forage(site, forage),
    herbivores: herbivoreModel(site),
    planted,
    beatingUp: new BeatingUp(site),
    tallies,
    recorder: new MetricsRecorder(site, values, opts.structure ? new StructureRecorder(site) : null),
    frames: opts.frames ? new FrameOutput(site, opts.frames, r, opts.trackSamples) : undefined,
    onPartOfYear: undefined,
  };
}

function herbivoreModel(site: Site): HerbivoreModel {
  return site.scenario.scenario.herbivoreModel === 'walk' ? new WalkModel() : new FieldModel(site.fieldSite());
}
