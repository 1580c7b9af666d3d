import { Stream, replicateStream } from '../random/rng.js';
import type { TreeLayout, YearFrame } from '../results/frames.js';
import { METRIC_COUNT } from '../results/metrics.js';
import { growTrees } from './growth.js';
import { Herd } from './herbivores.js';
import { MetricsRecorder, type YearTallies } from './metrics.js';
import { plantZone, type PlantedZone } from './planting.js';
import { regenerate } from './regeneration.js';
import type { Site } from './site.js';
import { TreeStatus, type TreeStore } from './trees.js';

/** Herbivore positions kept per year in a frame. */
export const TRACK_SAMPLES = 24;

export interface ReplicateOptions {
  replicate: number;
  /** Called after each simulated year (progress). */
  onYear?: (year: number) => void;
  /** Called a few times within a year while the herd moves, with the share of the year done. */
  onPartOfYear?: (year: number, share: number) => void;
  /** When given, per-year frames of this replicate go here (the 3D view). */
  frames?: { onLayout(layout: TreeLayout): void; onFrame(frame: YearFrame): void };
  /** Polled once a year; true stops the replicate early (its result is then incomplete and must be discarded). */
  shouldStop?: () => boolean;
}

export interface ReplicateOutcome {
  /** Metrics laid out as `metricIndex` describes. */
  values: Float64Array;
  /** Final state of every tree. */
  trees: TreeStore;
  /** Live stems (planted and regenerated) summed over the simulated years. */
  liveTreeYears: number;
  stopped: boolean;
}

/**
 * Runs one replicate of a scenario from planting to the last year. Year 0 is the state just after the
 * first planting; each later year runs, in order: fences age, break and are repaired; herbivores move
 * and browse; trees grow and die; seedlings establish; zones due are planted; metrics are recorded.
 */
export function simulateReplicate(site: Site, opts: ReplicateOptions): ReplicateOutcome {
  const sc = site.scenario.scenario;
  const r = opts.replicate;
  const rng = {
    planting: replicateStream(sc.seed, r, Stream.Planting),
    herbivores: replicateStream(sc.seed, r, Stream.Herbivores),
    fences: replicateStream(sc.seed, r, Stream.Fences),
    growth: replicateStream(sc.seed, r, Stream.Growth),
    regeneration: replicateStream(sc.seed, r, Stream.Regeneration),
    climate: replicateStream(sc.seed, r, Stream.Climate),
  };
  const zones = site.zoneCount + 1;
  const years = sc.years;
  const { stepsPerDay, daysPerYear } = sc.herbivoreSteps;

  const estimate = sc.plantings.reduce((n, p, z) => n + site.zoneAreaHa[z] * p.density * 1.05, 16);
  const { trees, index, field, forage, fences } = site.replicateScratch(Math.ceil(estimate));
  const planted: PlantedZone[] = sc.plantings.map((_, z) => plantZone(trees, site, z, rng.planting));

  const herd = new Herd(site, forage);
  herd.populate(fences, rng.herbivores);

  const values = new Float64Array((years + 1) * zones * METRIC_COUNT);
  const recorder = new MetricsRecorder(site, values);
  const tallies: YearTallies = {
    browsed: new Float64Array(zones),
    presence: new Float64Array(zones),
    stepsPerYear: daysPerYear * stepsPerDay,
    breaches: new Float64Array(zones),
    cumulativeCost: new Float64Array(zones),
    planted: new Float64Array(zones),
    animals: 0,
  };
  // Never more samples than steps in a year, so every sample is written.
  const trackSamples = Math.min(TRACK_SAMPLES, daysPerYear * stepsPerDay);
  const track = opts.frames ? { samples: trackSamples, positions: new Float32Array(0) } : undefined;
  let framedCount = 0;

  const plantDue = (year: number) => {
    let any = false;
    sc.plantings.forEach((p, z) => {
      if (p.year !== year) return;
      any = true;
      const { first, count, sheltered } = planted[z];
      trees.status.fill(TreeStatus.Alive, first, first + count);
      tallies.planted[0] += count;
      tallies.planted[z + 1] += count;
      const rates = site.scenario.effective.costs.plantings[z];
      const cost = count * rates.perTree + sheltered * rates.shelterPerTree;
      tallies.cumulativeCost[0] += cost;
      tallies.cumulativeCost[z + 1] += cost;
    });
    if (any) trees.refreshLive();
  };
  const addFixedCosts = (year: number) => {
    const row = site.costs.incurred.subarray(year * zones, (year + 1) * zones);
    for (let c = 0; c < zones; c++) tallies.cumulativeCost[c] += row[c];
  };
  const countBreaches = (year: number) => {
    tallies.breaches.fill(0);
    const day = year * daysPerYear;
    for (let f = 0; f < sc.fences.length; f++) {
      const open = fences.openBreaches(day, f);
      if (open === 0) continue;
      tallies.breaches[0] += open;
      for (const z of site.fenceZones[f]) tallies.breaches[z + 1] += open;
    }
  };
  const emitFrame = (year: number) => {
    if (!opts.frames) return;
    if (year === 0) {
      opts.frames.onLayout({
        replicate: r,
        count: trees.count,
        x: trees.x.slice(0, trees.count),
        y: trees.y.slice(0, trees.count),
        species: trees.species.slice(0, trees.count),
        zone: trees.zone.slice(0, trees.count),
        speciesIds: site.scenario.speciesIds,
      });
      framedCount = trees.count;
    }
    const n = trees.count;
    const appended = new Float64Array((n - framedCount) * 2);
    for (let i = framedCount; i < n; i++) {
      appended[(i - framedCount) * 2] = trees.x[i];
      appended[(i - framedCount) * 2 + 1] = trees.y[i];
    }
    const browsed = new Uint8Array(n);
    for (let i = 0; i < n; i++) browsed[i] = trees.browsedYear[i] === year ? 1 : 0;
    opts.frames.onFrame({
      replicate: r,
      year,
      count: n,
      appended,
      appendedSpecies: trees.species.slice(framedCount, n),
      height: trees.height.slice(0, n),
      status: trees.status.slice(0, n),
      browsed,
      tracks: track && year > 0 ? track.positions.slice(0, trackSamples * herd.count * 2) : new Float32Array(0),
      trackSamples: year > 0 ? trackSamples : 0,
      animals: herd.count,
      breaches: fences.breachPositions(year * daysPerYear),
    });
    framedCount = n;
  };

  plantDue(0);
  addFixedCosts(0);
  tallies.animals = herd.count;
  recorder.record(0, trees, tallies);
  emitFrame(0);
  opts.onYear?.(0);

  for (let year = 1; year <= years; year++) {
    if (opts.shouldStop?.()) return { values, trees, liveTreeYears: recorder.liveTreeYears, stopped: true };

    fences.beginYear(year, rng.fences);

    if (year > 1) {
      herd.updatePopulation(rng.herbivores);
    }
    // The browsing index lists live trees only; the dead of last year drop out here.
    if (site.kinds.length > 0) index.rebuildLive(trees);
    herd.updateForage(trees);
    tallies.animals = herd.count;
    tallies.browsed.fill(0);
    tallies.presence.fill(0);
    if (track && track.positions.length < trackSamples * herd.count * 2) {
      track.positions = new Float32Array(trackSamples * herd.count * 2);
    }
    const onPart = opts.onPartOfYear;
    herd.moveAndBrowse(year, (year - 1) * daysPerYear, trees, index, fences, tallies, rng.herbivores, track, onPart && ((share) => onPart(year, share)));

    const drought = rng.climate.chance(sc.climate.droughtProbability) ? sc.climate.droughtSeverity : 0;
    field.update(trees);
    growTrees(trees, site.species, field, site.scenario.processes, { year, droughtSeverity: drought }, rng.growth);

    if (sc.regeneration.enabled) regenerate(trees, site, field, year, rng.regeneration);

    plantDue(year);
    addFixedCosts(year);
    countBreaches(year);
    recorder.record(year, trees, tallies);
    emitFrame(year);
    opts.onYear?.(year);
  }
  return { values, trees, liveTreeYears: recorder.liveTreeYears, stopped: false };
}
