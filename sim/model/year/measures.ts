import { TreeStatus } from '../trees.js';
import type { YearlyProcess } from './context.js';

/**
 * Measures taken after planting (the scenario's `measures`), at the start of the year each acts in,
 * before the herd moves: shelters put on every live tree of a zone not yet in one, paid for per
 * shelter; herds culled to a density and held there. A zone's restocking (`beatUp`) is made by the
 * beating-up process of the same year, after the year's growth, as beating up always is.
 */
export const measuresProcess: YearlyProcess = {
  name: 'measures',
  run(ctx) {
    const { site, trees, tallies, year } = ctx;
    const sc = site.scenario.scenario;
    if (sc.measures.length === 0) return;
    sc.measures.forEach((m, k) => {
      if (m.year !== year) return;
      const rate = site.scenario.effective.costs.measures[k];
      if (m.type === 'shelters') {
        const z = sc.plantings.findIndex((p) => p.name === m.zone) + 1;
        let put = 0;
        for (let i = 0; i < trees.count; i++) {
          if (trees.zone[i] !== z || trees.status[i] !== TreeStatus.Alive || trees.shelterHeight[i] > 0) continue;
          trees.shelterHeight[i] = m.height;
          put++;
        }
        tallies.cumulativeCost[0] += put * rate;
        tallies.cumulativeCost[z] += put * rate;
      } else if (m.type === 'cull') {
        sc.herbivores.forEach((h, pop) => {
          if (m.kind !== undefined && h.kind !== m.kind) return;
          ctx.herd.cullTo(pop, Math.round(m.densityPerKm2 * site.populationAreaKm2[pop]), ctx.rng.herbivores);
        });
        tallies.animals = ctx.herd.count;
      }
    });
  },
};
