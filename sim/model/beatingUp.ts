import type { KeyedDraws } from '../random/rng.js';
import { MAX_TREES } from '../scenario/schema.js';
import type { YearTallies } from './metrics.js';
import { appendLiveTree } from './planting.js';
import type { Site } from './site.js';
import { TreeOrigin, TreeStatus, type TreeStore } from './trees.js';

/**
 * Beating up: in the years after a zone is planted, up to the year the scheme checks its stocking, the
 * places of dead planted trees are planted again until the zone holds its target of live stems per
 * hectare, as grant schemes require. A replant is a new transplant of the dead tree's species at its
 * place, in its shelter if it had one (the shelter is still standing, so only the plant and its planting
 * are paid for), and a place is planted again only once per death. Which places, when fewer are needed
 * than are free, is decided by a draw keyed by tree and year: plans that differ elsewhere replant alike.
 */
export class BeatingUp {
  /** 1 where a dead planted tree's place has been planted again. */
  private replaced = new Uint8Array(0);
  private readonly live: Float64Array;
  private readonly need: Float64Array;
  /** Free places of dead planted trees, per zone column, gathered in one pass over the trees. */
  private readonly places: number[][];

  constructor(private readonly site: Site) {
    this.live = new Float64Array(site.zoneCount + 1);
    this.need = new Float64Array(site.zoneCount + 1);
    this.places = Array.from({ length: site.zoneCount + 1 }, () => []);
  }

  /** Replants this year's places, adding the trees to the year's tallies (beaten up, planted so far) and their cost. */
  run(trees: TreeStore, year: number, draws: KeyedDraws, tallies: YearTallies): void {
    const sc = this.site.scenario.scenario;
    const rule = this.site.scenario.effective.beatingUp;
    // A zone's target this year: a restocking measure's, else the rule's in the years after planting it covers.
    const targetOf = (p: (typeof sc.plantings)[number]): number | null => {
      const measure = sc.measures.find((m) => m.type === 'beatUp' && m.year === year && m.zone === p.name);
      if (measure?.type === 'beatUp') return measure.targetPerHa ?? sc.appraisal.stockingTargetPerHa;
      return rule !== null && year > p.year && year <= p.year + rule.years ? rule.targetPerHa : null;
    };
    // Past every zone's years (most of a run), nothing to count.
    const targets = sc.plantings.map(targetOf);
    if (targets.every((t) => t === null)) return;
    const { live, need, places } = this;
    live.fill(0);
    need.fill(0);
    let any = false;
    for (let j = 0; j < trees.liveCount; j++) live[trees.zone[trees.live[j]]]++;
    sc.plantings.forEach((_, z) => {
      const target = targets[z];
      if (target === null) return;
      need[z + 1] = Math.max(0, Math.ceil(target * this.site.zoneAreaHa[z] - 1e-9) - live[z + 1]);
      if (need[z + 1] > 0) any = true;
    });
    if (!any) return;
    if (this.replaced.length < trees.count) this.widen(trees.count);
    const count = trees.count;
    for (const list of places) list.length = 0;
    for (let i = 0; i < count; i++) {
      const z = trees.zone[i];
      if (need[z] > 0 && trees.status[i] === TreeStatus.Dead && trees.origin[i] === TreeOrigin.Planted && this.replaced[i] === 0) places[z].push(i);
    }
    for (let z = 1; z < places.length; z++) {
      if (need[z] === 0) continue;
      const chosen = this.choose(places[z], need[z], year, draws);
      const room = Math.max(0, MAX_TREES - trees.count);
      if (chosen.length > room) chosen.length = room;
      for (const dead of chosen) this.replant(trees, dead, year, draws);
      const cost = chosen.length * this.site.scenario.effective.costs.plantings[z - 1].perTree;
      for (const col of [0, z]) {
        tallies.beatenUp[col] += chosen.length;
        tallies.planted[col] += chosen.length;
        tallies.cumulativeCost[col] += cost;
      }
    }
  }

  /** The `need` places with the lowest draws this year, in row order (all of them when fewer). */
  private choose(list: number[], need: number, year: number, draws: KeyedDraws): number[] {
    if (list.length <= need) return list;
    const keyed = list.map((i) => [draws.at(i, year), i] as const);
    keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return keyed
      .slice(0, need)
      .map(([, i]) => i)
      .sort((a, b) => a - b);
  }

  private widen(size: number): void {
    const wider = new Uint8Array(Math.max(size, this.replaced.length * 2, 1024));
    wider.set(this.replaced);
    this.replaced = wider;
  }

  private replant(trees: TreeStore, dead: number, year: number, draws: KeyedDraws): void {
    this.replaced[dead] = 1;
    const j = trees.count;
    // A new plant's vigour, as planting draws it (normal, mean 1, sd 0.1, within 0.7-1.3), from two keyed draws.
    const u = 1 - draws.at(j, -1 - year);
    const v = draws.at(j, -100_000 - year);
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    appendLiveTree(trees, this.site, {
      x: trees.x[dead],
      y: trees.y[dead],
      species: trees.species[dead],
      zone: trees.zone[dead],
      origin: TreeOrigin.Planted,
      year,
      vigour: Math.min(1.3, Math.max(0.7, 1 + 0.1 * normal)),
      shelterHeight: trees.shelterHeight[dead],
      height: this.site.species.initialHeight[trees.species[dead]],
    });
    if (this.replaced.length < trees.count) this.widen(trees.count);
  }
}
