import { openRing, polygonArea } from '../shared/polygon.js';
import { zonesInsideFence } from '../model/site.js';
import type { Scenario } from '../scenario/schema.js';
import { protectionOf, type Strategy } from '../shared/strategySpec.js';
import { ENCLOSURE_BUFFER_M, fenceAround } from './fenceAround.js';

/**
 * The plan under a protection strategy: the same site, zones, trees and herd, with only the
 * protection changed. Fences are kept when a zone they protect is to be fenced (a fence protecting no
 * zone only when every zone is); a zone to be enclosed gets a new closed fence of the type asked for,
 * ENCLOSURE_BUFFER_M outside its outline's hull, from its planting year; shelters are set or removed
 * per zone; a cull holds every herd at the
 * target density (never raising it) with deer control costed for the whole run, and no strategy
 * without a cull keeps the plan's own deer control. The seed is untouched, so every strategy draws the
 * same planting, weather and growth streams (common random numbers).
 */
export function applyStrategy(scenario: Scenario, strategy: Strategy, siteAreaKm2: number): Scenario {
  const sc = structuredClone(scenario);
  const names = sc.plantings.map((p) => p.name);
  const fenced = new Set(names.filter((n) => protectionOf(strategy, n).fence));
  sc.fences = sc.fences.filter((_, fi) => {
    const zones = zonesInsideFence(scenario, fi);
    return zones.length > 0 ? zones.some((z) => fenced.has(z)) : fenced.size === names.length;
  });
  const taken = new Set(sc.fences.map((f) => f.name));
  for (const p of scenario.plantings) {
    const type = protectionOf(strategy, p.name).enclose;
    if (type === undefined) continue;
    const fence = fenceAround([p.name], openRing(p.polygon), type, ENCLOSURE_BUFFER_M);
    let name = `${p.name} enclosure`;
    for (let k = 2; taken.has(name); k++) name = `${p.name} enclosure ${k}`;
    taken.add(name);
    sc.fences.push({ ...fence, name, installYear: p.year });
  }
  sc.plantings = sc.plantings.map((p) => {
    const height = protectionOf(strategy, p.name).shelterHeight;
    const { shelters: own, ...rest } = p;
    if (height === undefined) return rest;
    // The plan's own shelter price stands when its shelters are the height asked for.
    const sameHeight = own && Math.abs(own.height - height) < 1e-9;
    return { ...rest, shelters: sameHeight ? { height, ...(own.costPerTree !== undefined ? { costPerTree: own.costPerTree } : {}) } : { height } };
  });
  const cull = protectionOf(strategy, names[0]).cullTo;
  if (cull === undefined) {
    delete sc.deerControl;
    return sc;
  }
  sc.herbivores = sc.herbivores.map((h) => {
    const areaKm2 = h.area ? polygonArea(openRing(h.area)) / 1e6 : siteAreaKm2;
    const density = h.densityPerKm2 ?? (h.count ?? 0) / Math.max(areaKm2, 1e-12);
    const { count: _count, annualGrowthRate: _growth, capacityPerKm2: _capacity, ...rest } = h;
    return { ...rest, densityPerKm2: Math.min(density, cull), cullingRate: 0 };
  });
  sc.deerControl = { fromYear: 0, ...(scenario.deerControl?.perHectarePerYear !== undefined ? { perHectarePerYear: scenario.deerControl.perHectarePerYear } : {}) };
  return sc;
}

/**
 * Why a strategy gives a zone no protection of its own, or null when it protects it: `fence` keeps the
 * plan's fences, so on a zone no fence of the plan protects it is `none` for that zone (the zone's
 * figures move only as fences elsewhere move the herd). A planner would otherwise read its small or
 * absent gain as "a fence brings nothing here"; `enclose` puts a new fence round the zone.
 */
export function unprotectedBecause(scenario: Scenario, strategy: Strategy, zone: string): string | null {
  const p = protectionOf(strategy, zone);
  if (!p.fence || p.enclose !== undefined || p.shelterHeight !== undefined || p.cullTo !== undefined) return null;
  const fenced = scenario.fences.some((_, fi) => zonesInsideFence(scenario, fi).includes(zone));
  return fenced ? null : `no fence of the plan protects zone "${zone}", so this is no protection for it (enclose puts a new fence round it)`;
}
