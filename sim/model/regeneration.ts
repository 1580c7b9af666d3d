import type { Rng } from '../random/rng.js';
import { MAX_TREES } from '../scenario/schema.js';
import { cellIndexAt } from '../terrain/terrain.js';
import type { CompetitionField } from './competition.js';
import { appendLiveTree } from './planting.js';
import type { Site } from './site.js';
import { TreeOrigin, type TreeStore } from './trees.js';

/** Height of a newly established seedling, m (model assumption). */
const SEEDLING_HEIGHT = 0.1;

/**
 * Natural regeneration: every live tree past its species' maturity age sheds seedlings that land at an
 * exponentially distributed distance and establish with the site's suitability, less under closed canopy.
 * No more establish once the replicate holds MAX_TREES. Returns how many seedlings established.
 */
export function regenerate(trees: TreeStore, site: Site, field: CompetitionField, year: number, rng: Rng): number {
  const sp = site.species;
  const t = site.terrain;
  const grid = site.grid;
  let added = 0;
  // Seedlings are appended after every row and to the live list, so the parents are the live rows at the start.
  const parents = trees.liveCount;
  for (let p = 0; p < parents; p++) {
    const i = trees.live[p];
    const s = trees.species[i];
    const age = year - trees.plantYear[i];
    if (age < sp.maturityAge[s]) continue;
    const n = rng.poisson(sp.seedlingsPerTree[s]);
    for (let k = 0; k < n; k++) {
      const dist = -Math.log(1 - rng.next()) * sp.dispersalDistance[s];
      const angle = rng.next() * 2 * Math.PI;
      const x = trees.x[i] + dist * Math.sin(angle);
      const y = trees.y[i] + dist * Math.cos(angle);
      const tc = cellIndexAt(t, x, y);
      if (tc < 0 || Number.isNaN(t.elevation[tc])) continue;
      const gc = grid.cellAt(x, y);
      if (gc < 0) continue;
      const cover = field.neighbourhoodCover[gc];
      const chance = sp.suitability(s, t.elevation[tc], t.slope[tc], t.twi[tc]) * (1 - cover);
      if (rng.next() >= chance) continue;
      if (trees.count >= MAX_TREES) return added;
      appendLiveTree(trees, site, {
        x,
        y,
        species: s,
        zone: site.zoneOfCell[gc],
        origin: TreeOrigin.Regenerated,
        year,
        vigour: Math.min(1.3, Math.max(0.7, 1 + 0.1 * rng.normal())),
        shelterHeight: 0,
        height: SEEDLING_HEIGHT,
      });
      added++;
    }
  }
  return added;
}
