import { openRing, type Point } from '../shared/polygon.js';
import { zonesInsideFence } from '../model/site.js';
import type { Scenario } from '../scenario/schema.js';
import { applyStrategy } from '../strategy/apply.js';
import { fenceAround } from '../strategy/fenceAround.js';
import type { Protection } from '../shared/strategySpec.js';
import type { Decisions } from './spec.js';

/**
 * The decisions a search may change, as genes: a choice among labelled options, or a number in a
 * range moving in steps. A plan of the search is a genome, one value per gene (an option's index, or
 * the number), and `decodePlan` turns it into the scenario it stands for.
 */
export type Gene =
  | { name: string; kind: 'choice'; options: readonly string[] }
  | { name: string; kind: 'number'; min: number; max: number; step: number };

export type Genome = number[];

export class DecisionError extends Error {}

/** The genes of the decisions on this plan; a decision naming a zone or species the plan lacks is refused. */
export function genesOf(decisions: Decisions, plan: Scenario): Gene[] {
  const zoneNames = plan.plantings.map((p) => p.name);
  const checkZones = (where: string, zones: readonly string[]) => {
    zones.forEach((z, i) => {
      if (!zoneNames.includes(z)) throw new DecisionError(`decisions.${where}.zones[${i}]: no zone is named "${z}"; zones: ${zoneNames.join(', ')}`);
    });
    if (new Set(zones).size !== zones.length) throw new DecisionError(`decisions.${where}.zones: a zone is named twice`);
  };
  const genes: Gene[] = [];
  if (decisions.fence) {
    checkZones('fence', decisions.fence.zones);
    for (const z of decisions.fence.zones) genes.push({ name: `fence:${z}`, kind: 'choice', options: ['open', 'fenced'] });
  }
  if (decisions.fenceLine) {
    const { fence, moveM, stepM } = decisions.fenceLine;
    const f = plan.fences.find((g) => g.name === fence);
    if (!f) throw new DecisionError(`decisions.fenceLine.fence: no fence is named "${fence}"; fences: ${plan.fences.map((g) => g.name).join(', ') || 'none'}`);
    const vertices = f.closed ? openRing(f.path) : f.path;
    vertices.forEach((_, v) => {
      for (const axis of ['x', 'y']) genes.push({ name: `line:${fence}:${v + 1}:${axis}`, kind: 'number', min: -moveM, max: moveM, step: stepM });
    });
  }
  if (decisions.shelters) {
    checkZones('shelters', decisions.shelters.zones);
    const options = ['none', ...[...new Set(decisions.shelters.heights)].sort((a, b) => a - b).map(String)];
    for (const z of decisions.shelters.zones) genes.push({ name: `shelters:${z}`, kind: 'choice', options });
  }
  if (decisions.density) {
    const { zones, min, max, step } = decisions.density;
    checkZones('density', zones);
    for (const z of zones) genes.push({ name: `density:${z}`, kind: 'number', min, max, step });
  }
  decisions.mix?.forEach((m, i) => {
    if (!zoneNames.includes(m.zone)) throw new DecisionError(`decisions.mix[${i}].zone: no zone is named "${m.zone}"`);
    for (const [species, [lo, hi]] of Object.entries(m.species)) {
      if (hi < lo) throw new DecisionError(`decisions.mix[${i}].species.${species}: the most must be >= the least`);
      genes.push({ name: `mix:${m.zone}:${species}`, kind: 'number', min: lo, max: hi, step: 0.01 });
    }
  });
  if (decisions.cull) {
    const options = ['none', ...[...new Set(decisions.cull.targets)].sort((a, b) => a - b).map(String)];
    genes.push({ name: 'cull', kind: 'choice', options });
  }
  return genes;
}

/** A gene's value as the plan files and tables write it. */
export function geneLabel(gene: Gene, value: number): string {
  return gene.kind === 'choice' ? gene.options[value] : String(value);
}

/** Snaps a value onto its gene: an option index in range, or a number on the range's steps. */
export function snap(gene: Gene, value: number): number {
  if (gene.kind === 'choice') return Math.min(gene.options.length - 1, Math.max(0, Math.round(value)));
  const steps = Math.round((Math.min(gene.max, Math.max(gene.min, value)) - gene.min) / gene.step);
  const v = gene.min + steps * gene.step;
  // Rounded to the step's decimals, so plans print and hash the same everywhere.
  return Number((v > gene.max ? v - gene.step : v).toFixed(decimalsOf(gene.step)));
}

function decimalsOf(step: number): number {
  const text = String(step);
  return text.includes('.') ? Math.min(10, text.length - text.indexOf('.') - 1) : 0;
}

/**
 * The plan a genome stands for. Protection goes through the strategy rules (`applyStrategy`), so a
 * plan here is costed and protected as `reforest compare` would: a zone fenced keeps the plan's own
 * fence around it, or gets a closed fence of the decision's type drawn `bufferM` outside its hull; a
 * fence comes down when every zone it protects is left open (fences protecting no zone stay). Densities and mixes are set as given
 * (mix shares scaled to add up to 1). A plan without a cull decision keeps its own herd and deer control.
 */
export function decodePlan(plan: Scenario, decisions: Decisions, genes: readonly Gene[], genome: Genome, siteAreaKm2: number): Scenario {
  const value = (name: string) => {
    const i = genes.findIndex((g) => g.name === name);
    return i < 0 ? undefined : geneLabel(genes[i], genome[i]);
  };
  const cull = value('cull');
  const drawn: string[] = [];
  const zones = new Map<string, Protection>(
    plan.plantings.map((p) => {
      const fence = value(`fence:${p.name}`);
      const hasOwn = plan.fences.some((_, fi) => zonesInsideFence(plan, fi).includes(p.name));
      if (fence === 'fenced' && !hasOwn) drawn.push(p.name);
      const shelters = value(`shelters:${p.name}`);
      return [
        p.name,
        {
          fence: true,
          shelterHeight: shelters === undefined ? p.shelters?.height : shelters === 'none' ? undefined : Number(shelters),
          cullTo: cull === undefined || cull === 'none' ? undefined : Number(cull),
        },
      ];
    }),
  );
  const sc = applyStrategy(plan, { label: 'plan', all: { fence: false }, zones }, siteAreaKm2);
  // Every fence was kept above; those protecting only zones left open come down.
  const open = new Set(plan.plantings.map((p) => p.name).filter((n) => value(`fence:${n}`) === 'open'));
  sc.fences = sc.fences.filter((_, fi) => {
    const inside = zonesInsideFence(plan, fi);
    return inside.length === 0 || !inside.every((n) => open.has(n));
  });
  if (cull === undefined) {
    sc.herbivores = structuredClone(plan.herbivores);
    if (plan.deerControl) sc.deerControl = structuredClone(plan.deerControl);
  }
  if (decisions.fence?.together && drawn.length > 0) {
    const zones = sc.plantings.filter((p) => drawn.includes(p.name));
    sc.fences.push(fenceAround(drawn, zones.flatMap((z) => openRing(z.polygon)), decisions.fence.type, decisions.fence.bufferM));
  } else {
    for (const name of drawn) {
      const zone = sc.plantings.find((p) => p.name === name)!;
      sc.fences.push(fenceAround([zone.name], openRing(zone.polygon), decisions.fence!.type, decisions.fence!.bufferM));
    }
  }
  if (decisions.fenceLine) {
    const line = sc.fences.find((f) => f.name === decisions.fenceLine!.fence);
    if (line) {
      const vertices = line.closed ? openRing(line.path) : line.path;
      const moved = vertices.map(([x, y], v): Point => {
        const dx = Number(value(`line:${line.name}:${v + 1}:x`) ?? 0);
        const dy = Number(value(`line:${line.name}:${v + 1}:y`) ?? 0);
        return [Number((x + dx).toFixed(2)), Number((y + dy).toFixed(2))];
      });
      line.path = moved;
    }
  }
  for (const p of sc.plantings) {
    const density = value(`density:${p.name}`);
    if (density !== undefined) p.density = Number(density);
  }
  for (const m of decisions.mix ?? []) {
    const zone = sc.plantings.find((p) => p.name === m.zone)!;
    const raw = Object.keys(m.species).map((id) => [id, Number(value(`mix:${m.zone}:${id}`))] as const);
    const total = raw.reduce((a, [, v]) => a + v, 0);
    const shares = raw.map(([id, v]) => ({ species: id, fraction: total > 0 ? Number((v / total).toFixed(4)) : 1 / raw.length }));
    // The last share takes the rounding, so the mix adds up to exactly 1.
    shares[shares.length - 1].fraction = Number((1 - shares.slice(0, -1).reduce((a, s) => a + s.fraction, 0)).toFixed(4));
    zone.species = shares.filter((s) => s.fraction > 0);
  }
  return sc;
}
