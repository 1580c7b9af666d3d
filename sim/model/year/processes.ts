import { measuresProcess } from './measures.js';
import { growTrees } from '../growth.js';
import { regenerate } from '../regeneration.js';
import { TreeStatus } from '../trees.js';
import type { YearContext, YearlyProcess } from './context.js';

/**
 * The yearly processes of the model, each behind one small interface, in the order a year runs them
 * (the shape of iLand's): fences age, break and are mended; herds grow or are culled; herbivores
 * browse; trees grow and die; seedlings establish; dead trees are replaced (beating up); zones due are
 * planted; the year's metrics and frame are recorded.
 */

/** Which fences stand this year; this year's breaches open and earlier ones are mended. */
export const fencesProcess: YearlyProcess = {
  name: 'fences',
  run(ctx) {
    ctx.fences.beginYear(ctx.year, ctx.rng.fences);
  },
};

/** Births and culls, from the second year (the herd starts at the size the scenario gives). */
export const herdPopulationProcess: YearlyProcess = {
  name: 'herd population',
  run(ctx) {
    if (ctx.year > 1) ctx.herd.updatePopulation(ctx.rng.herbivores);
    ctx.tallies.animals = ctx.herd.count;
  },
};

/** The herd spreads over the ground it can reach and browses saplings (the field, or the reference walk). */
export const browsingProcess: YearlyProcess = {
  name: 'browsing',
  run(ctx) {
    const { site, trees, tallies } = ctx;
    // The walk finds saplings through the index of live trees; the dead of last year drop out here.
    if (site.kinds.length > 0 && site.scenario.scenario.herbivoreModel === 'walk') ctx.index.rebuildLive(trees);
    ctx.forage.update(trees);
    tallies.browsed.fill(0);
    tallies.presence.fill(0);
    ctx.herbivores.browseYear(ctx);
  },
};

/** A year of growth and death for every live tree, in a drought year or not. */
export const growthProcess: YearlyProcess = {
  name: 'growth',
  run(ctx) {
    const climate = ctx.site.scenario.effective.climate;
    const drought = ctx.rng.climate.chance(climate.droughtProbability) ? climate.droughtSeverity : 0;
    // The stand as the last year's metrics counted it, unless they did not.
    if (ctx.field.censusYear === ctx.year - 1) ctx.field.smooth();
    else ctx.field.update(ctx.trees);
    growTrees(ctx.trees, ctx.site.species, ctx.field, ctx.site.scenario.processes, { year: ctx.year, droughtSeverity: drought, draw: ctx.draw }, ctx.rng.deaths);
  },
};

/** Seedlings from mature trees, where the scenario enables natural regeneration. */
export const regenerationProcess: YearlyProcess = {
  name: 'regeneration',
  run(ctx) {
    if (ctx.site.scenario.scenario.regeneration.enabled) regenerate(ctx.trees, ctx.site, ctx.field, ctx.year, ctx.rng.regeneration);
  },
};

/** Dead trees' places are planted again where a zone has fallen below its stocking target in its first years. */
export const beatingUpProcess: YearlyProcess = {
  name: 'beating up',
  run(ctx) {
    ctx.tallies.beatenUp.fill(0);
    ctx.beatingUp.run(ctx.trees, ctx.year, ctx.rng.beatingUp, ctx.tallies);
  },
};

/** Zones due this year are planted (their trees come alive), and the year's costs are added. */
export const plantingProcess: YearlyProcess = {
  name: 'planting',
  run(ctx) {
    const { site, trees, tallies, year } = ctx;
    let any = false;
    site.scenario.scenario.plantings.forEach((p, z) => {
      if (p.year !== year) return;
      any = true;
      const { first, count, sheltered } = ctx.planted[z];
      trees.status.fill(TreeStatus.Alive, first, first + count);
      tallies.planted[0] += count;
      tallies.planted[z + 1] += count;
      const rates = site.scenario.effective.costs.plantings[z];
      const cost = count * rates.perTree + sheltered * rates.shelterPerTree;
      tallies.cumulativeCost[0] += cost;
      tallies.cumulativeCost[z + 1] += cost;
    });
    if (any) trees.refreshLive();
    const zones = site.zoneCount + 1;
    const row = site.costs.incurred.subarray(year * zones, (year + 1) * zones);
    for (let c = 0; c < zones; c++) tallies.cumulativeCost[c] += row[c];
  },
};

/** The year's metrics for every zone, and its frame for the 3D view. */
export const metricsProcess: YearlyProcess = {
  name: 'metrics',
  run(ctx) {
    const { site, fences, tallies, year } = ctx;
    const sc = site.scenario.scenario;
    tallies.breaches.fill(0);
    if (year > 0) {
      const day = year * sc.herbivoreSteps.daysPerYear;
      for (let f = 0; f < sc.fences.length; f++) {
        const open = fences.openBreaches(day, f);
        if (open === 0) continue;
        tallies.breaches[0] += open;
        for (const z of site.fenceZones[f]) tallies.breaches[z + 1] += open;
      }
    }
    ctx.recorder.record(year, ctx.trees, tallies, ctx.field);
    ctx.frames?.emit(year, ctx.trees, fences, ctx.herd.count);
  },
};

/** Every year after the first planting runs these, in this order. */
export const YEARLY_PROCESSES: readonly YearlyProcess[] = [
  fencesProcess,
  herdPopulationProcess,
  measuresProcess,
  browsingProcess,
  growthProcess,
  regenerationProcess,
  beatingUpProcess,
  plantingProcess,
  metricsProcess,
];

/** Year 0, the state just after the first planting: zones due at 0 are planted and recorded. */
export const FIRST_YEAR_PROCESSES: readonly YearlyProcess[] = [plantingProcess, metricsProcess];

export type { YearContext };
