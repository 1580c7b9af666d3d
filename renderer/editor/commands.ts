import type { ImportedShapes } from '../../sim/hostApi/api.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import type { EditCommand } from './scenarioDocument.js';

/**
 * The edits the map and the properties panel make, each a pure command (see ScenarioDocument).
 * Coordinates are the terrain's (metres in its CRS), kept to the centimetre.
 */

type Point = [number, number];
type Planting = ScenarioInput['plantings'][number];
type FenceInput = NonNullable<ScenarioInput['fences']>[number];
type Population = NonNullable<ScenarioInput['herbivores']>[number];

/** A drawn shape of the plan: a zone's outline, a fence's line, or a population's roaming area. */
export interface ShapeRef {
  kind: 'zone' | 'fence' | 'area';
  index: number;
}

/** Fewest vertices a shape keeps: a ring needs three, a fence line two. */
export function minVertices(plan: Readonly<ScenarioInput>, ref: ShapeRef): number {
  return ref.kind === 'fence' && !plan.fences?.[ref.index]?.closed ? 2 : 3;
}

export function shapeOf(plan: Readonly<ScenarioInput>, ref: ShapeRef): Point[] | null {
  if (ref.kind === 'zone') return (plan.plantings[ref.index]?.polygon as Point[] | undefined) ?? null;
  if (ref.kind === 'fence') return (plan.fences?.[ref.index]?.path as Point[] | undefined) ?? null;
  return (plan.herbivores?.[ref.index]?.area as Point[] | undefined) ?? null;
}

const cm = (v: number) => Math.round(v * 100) / 100;
const at = (p: Point): Point => [cm(p[0]), cm(p[1])];

function withShape(plan: Readonly<ScenarioInput>, ref: ShapeRef, points: Point[]): ScenarioInput {
  const next = { ...plan } as ScenarioInput;
  if (ref.kind === 'zone') next.plantings = plan.plantings.map((p, i) => (i === ref.index ? { ...p, polygon: points } : p));
  else if (ref.kind === 'fence') next.fences = (plan.fences ?? []).map((f, i) => (i === ref.index ? { ...f, path: points } : f));
  else next.herbivores = (plan.herbivores ?? []).map((h, i) => (i === ref.index ? { ...h, area: points } : h));
  return next;
}

function uniqueName(taken: readonly string[], stem: string): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${stem} ${n}`)) return `${stem} ${n}`;
}

/** The mix a new zone starts with: the last zone's, or a native pine–birch mix on an empty plan. */
function startingMix(plan: Readonly<ScenarioInput>): Planting['species'] {
  const last = plan.plantings.at(-1);
  return last ? last.species.map((m) => ({ ...m })) : [{ species: 'scots_pine', fraction: 0.5 }, { species: 'downy_birch', fraction: 0.5 }];
}

export function addZone(polygon: Point[]): EditCommand {
  return {
    label: 'draw zone',
    apply(plan) {
      const last = plan.plantings.at(-1);
      const zone: Planting = {
        name: uniqueName(plan.plantings.map((p) => p.name), 'zone'),
        polygon: polygon.map(at),
        species: startingMix(plan),
        density: last?.density ?? 2500,
        layout: last?.layout ?? { type: 'grid', jitter: 0.4 },
        year: 0,
        ...(last?.costs ? { costs: { ...last.costs } } : {}),
      };
      return { ...plan, plantings: [...plan.plantings, zone] };
    },
  };
}

/** A name not yet taken: the name itself, or with " 2", " 3", … after it. */
function freeName(taken: Set<string>, name: string): string {
  let out = name;
  for (let n = 2; taken.has(out); n++) out = `${name.slice(0, 60)} ${n}`;
  taken.add(out);
  return out;
}

/**
 * Adds the zones and fences of an imported GIS file as one edit. What the file says of each (density,
 * species, years, fence type) is kept; the rest is what a drawn zone or fence would get.
 */
export function importShapes(shapes: ImportedShapes, fenceType = 'deer_fence'): EditCommand {
  return {
    label: 'import GIS file',
    apply(plan) {
      const zoneNames = new Set(plan.plantings.map((p) => p.name));
      const last = plan.plantings.at(-1);
      const plantings = [
        ...plan.plantings,
        ...shapes.zones.map(
          (z): Planting => ({
            name: freeName(zoneNames, z.name),
            polygon: z.polygon.map(at),
            species: z.species ? z.species.map((m) => ({ ...m })) : startingMix(plan),
            density: z.density ?? last?.density ?? 2500,
            layout: last?.layout ?? { type: 'grid', jitter: 0.4 },
            year: z.year ?? 0,
            ...(last?.costs ? { costs: { ...last.costs } } : {}),
          }),
        ),
      ];
      const fenceNames = new Set((plan.fences ?? []).map((f) => f.name));
      const fences = [
        ...(plan.fences ?? []),
        ...shapes.fences.map(
          (f): FenceInput => ({
            name: freeName(fenceNames, f.name),
            type: f.type ?? fenceType,
            path: f.path.map(at),
            closed: f.closed,
            installYear: f.installYear ?? 0,
            ...(f.removalYear !== undefined ? { removalYear: f.removalYear } : {}),
          }),
        ),
      ];
      return { ...plan, plantings, fences };
    },
  };
}

export function addFence(path: Point[], closed: boolean, type = 'deer_fence'): EditCommand {
  return {
    label: 'draw fence',
    apply(plan) {
      const fences = plan.fences ?? [];
      const fence: FenceInput = { name: uniqueName(fences.map((f) => f.name), 'fence'), type, path: path.map(at), closed, installYear: 0 };
      return { ...plan, fences: [...fences, fence] };
    },
  };
}

/** Draws where population `index` roams (it roamed the whole site before). */
export function setRoamingArea(index: number, area: Point[]): EditCommand {
  return { label: 'draw roaming area', apply: (plan) => withShape(plan, { kind: 'area', index }, area.map(at)) };
}

export function moveVertex(ref: ShapeRef, vertex: number, to: Point): EditCommand {
  return {
    label: 'move vertex',
    apply(plan) {
      const pts = shapeOf(plan, ref);
      if (!pts || vertex < 0 || vertex >= pts.length) return plan as ScenarioInput;
      return withShape(plan, ref, pts.map((p, i) => (i === vertex ? at(to) : p)));
    },
  };
}

/** Inserts a vertex after `after` (on the edge from it to the next). */
export function insertVertex(ref: ShapeRef, after: number, point: Point): EditCommand {
  return {
    label: 'insert vertex',
    apply(plan) {
      const pts = shapeOf(plan, ref);
      if (!pts) return plan as ScenarioInput;
      return withShape(plan, ref, [...pts.slice(0, after + 1), at(point), ...pts.slice(after + 1)]);
    },
  };
}

export function deleteVertex(ref: ShapeRef, vertex: number): EditCommand {
  return {
    label: 'delete vertex',
    apply(plan) {
      const pts = shapeOf(plan, ref);
      if (!pts || pts.length <= minVertices(plan, ref)) return plan as ScenarioInput;
      return withShape(plan, ref, pts.filter((_, i) => i !== vertex));
    },
  };
}

/** Moves a whole shape by (dx, dy) metres. */
export function moveShape(ref: ShapeRef, dx: number, dy: number): EditCommand {
  return {
    label: `move ${ref.kind === 'zone' ? 'zone' : ref.kind === 'fence' ? 'fence' : 'roaming area'}`,
    apply(plan) {
      const pts = shapeOf(plan, ref);
      if (!pts || (dx === 0 && dy === 0)) return plan as ScenarioInput;
      return withShape(plan, ref, pts.map(([x, y]) => at([x + dx, y + dy])));
    },
  };
}

/** Deletes a zone (and its name from fences that protect it), a fence, or a roaming area (the population then roams the whole site). */
export function deleteShape(ref: ShapeRef): EditCommand {
  return {
    label: `delete ${ref.kind === 'area' ? 'roaming area' : ref.kind}`,
    apply(plan) {
      if (ref.kind === 'zone') {
        const name = plan.plantings[ref.index]?.name;
        const fences = plan.fences?.map((f) => (f.protects ? { ...f, protects: f.protects.filter((z) => z !== name) } : f));
        return { ...plan, plantings: plan.plantings.filter((_, i) => i !== ref.index), ...(fences ? { fences } : {}) };
      }
      if (ref.kind === 'fence') return { ...plan, fences: (plan.fences ?? []).filter((_, i) => i !== ref.index) };
      return {
        ...plan,
        herbivores: (plan.herbivores ?? []).map((h, i) => {
          if (i !== ref.index) return h;
          const { area: _area, ...rest } = h;
          return rest as Population;
        }),
      };
    },
  };
}

/** Changes fields of zone `index`; a new name follows into the fences that protect it. */
export function editZone(index: number, patch: Partial<Planting>): EditCommand {
  return {
    label: 'edit zone',
    apply(plan) {
      const old = plan.plantings[index];
      if (!old) return plan as ScenarioInput;
      const next = { ...plan, plantings: plan.plantings.map((p, i) => (i === index ? dropUndefined({ ...p, ...patch }) : p)) };
      if (patch.name !== undefined && patch.name !== old.name && plan.fences) {
        next.fences = plan.fences.map((f) => (f.protects ? { ...f, protects: f.protects.map((z) => (z === old.name ? patch.name! : z)) } : f));
      }
      return next;
    },
  };
}

/**
 * Sets a zone's species mix from shares in any units (percentages, say): they are scaled to fractions
 * that sum to 1, the last one taking the rounding, so the mix always adds up. Zero shares are dropped,
 * and a species given twice is merged.
 */
export function setSpeciesMix(index: number, shares: { species: string; share: number }[]): EditCommand {
  // A species chosen twice is one entry with both shares.
  const merged = new Map<string, number>();
  for (const s of shares) merged.set(s.species, (merged.get(s.species) ?? 0) + s.share);
  const kept = [...merged].map(([species, share]) => ({ species, share })).filter((s) => s.share > 0);
  const total = kept.reduce((a, s) => a + s.share, 0);
  const fractions = kept.map((s) => Math.round((s.share / total) * 1e4) / 1e4);
  if (fractions.length > 0) fractions[fractions.length - 1] = Math.round((1 - fractions.slice(0, -1).reduce((a, f) => a + f, 0)) * 1e4) / 1e4;
  const mix = kept.map((s, i) => ({ species: s.species, fraction: fractions[i] }));
  return { ...editZone(index, { species: mix }), label: 'edit species mix' };
}

export function editFence(index: number, patch: Partial<FenceInput>): EditCommand {
  return {
    label: 'edit fence',
    apply(plan) {
      if (!plan.fences?.[index]) return plan as ScenarioInput;
      return { ...plan, fences: plan.fences.map((f, i) => (i === index ? dropUndefined({ ...f, ...patch }) : f)) };
    },
  };
}

export function editHerbivores(index: number, patch: Partial<Population>): EditCommand {
  return {
    label: 'edit herbivores',
    apply(plan) {
      if (!plan.herbivores?.[index]) return plan as ScenarioInput;
      return { ...plan, herbivores: plan.herbivores.map((h, i) => (i === index ? dropUndefined({ ...h, ...patch }) : h)) };
    },
  };
}

export function addHerbivores(kind: string, densityPerKm2: number): EditCommand {
  return { label: 'add herbivores', apply: (plan) => ({ ...plan, herbivores: [...(plan.herbivores ?? []), { kind, densityPerKm2 }] }) };
}

export function removeHerbivores(index: number): EditCommand {
  return { label: 'remove herbivores', apply: (plan) => ({ ...plan, herbivores: (plan.herbivores ?? []).filter((_, i) => i !== index) }) };
}

/** Seed, replicates and years as the plan is saved and run. */
export function editRun(patch: Partial<Pick<ScenarioInput, 'seed' | 'replicates' | 'years' | 'name'>>): EditCommand {
  return { label: 'edit run settings', apply: (plan) => ({ ...plan, ...patch }) };
}

/**
 * The plan replaced by another on the same site (a plan of a search's front), keeping the run settings
 * and name the user set: one edit, undone in one step.
 */
export function openPlanOf(next: ScenarioInput, label = 'open plan from search'): EditCommand {
  return { label, apply: (plan) => ({ ...next, name: plan.name, seed: plan.seed, replicates: plan.replicates, years: plan.years, terrain: plan.terrain }) };
}

/** A field set to undefined is removed, so "no override" leaves no key in the file. */
function dropUndefined<T extends object>(o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as T;
}
