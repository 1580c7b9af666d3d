import { polylineLength } from '../../sim/shared/polygon.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import type { SketchShape } from '../scene/sketchLayer.js';

type Point = [number, number];

/** How one plan differs from another, in words and as shapes for the map. */
export interface PlanDiff {
  lines: string[];
  /** Zones changed and fences added or moved. */
  changed: SketchShape[];
  /** Fences taken down, where they stood. */
  removed: SketchShape[];
}

const mixOf = (p: ScenarioInput['plantings'][number]) => p.species.map((s) => `${s.species} ${Math.round((s.fraction ?? 0) * 100)}%`).join(', ');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What `after` changes of `before`, zone by zone (density, shelters, mix, outline), fence by fence
 * (added, taken down, moved) and herd by herd (density, deer control). Zones and fences are matched
 * by name.
 */
export function planDiff(before: ScenarioInput, after: ScenarioInput): PlanDiff {
  const lines: string[] = [];
  const changed: SketchShape[] = [];
  const removed: SketchShape[] = [];
  for (const z of after.plantings) {
    const was = before.plantings.find((p) => p.name === z.name);
    if (!was) {
      lines.push(`zone "${z.name}" added`);
      changed.push({ points: z.polygon as Point[], closed: true });
      continue;
    }
    const parts: string[] = [];
    if (was.density !== z.density) parts.push(`density ${was.density} → ${z.density} stems/ha`);
    const h0 = was.shelters?.height;
    const h1 = z.shelters?.height;
    if (h0 !== h1) parts.push(`shelters ${h0 === undefined ? 'none' : `${h0} m`} → ${h1 === undefined ? 'none' : `${h1} m`}`);
    if (mixOf(was) !== mixOf(z)) parts.push(`mix ${mixOf(z)}`);
    if (!same(was.polygon, z.polygon)) parts.push('outline moved');
    if (parts.length > 0) {
      lines.push(`zone "${z.name}": ${parts.join('; ')}`);
      changed.push({ points: z.polygon as Point[], closed: true });
    }
  }
  const fencesBefore = before.fences ?? [];
  const fencesAfter = after.fences ?? [];
  for (const f of fencesAfter) {
    const was = fencesBefore.find((g) => g.name === f.name);
    const length = Math.round(polylineLength(f.path as Point[], f.closed ?? false)).toLocaleString('en-GB');
    if (!was) lines.push(`fence "${f.name}" (${f.type}, ${length} m) put up`);
    else if (!same(was.path, f.path) || was.type !== f.type) lines.push(`fence "${f.name}" changed (${f.type}, ${length} m)`);
    else continue;
    changed.push({ points: f.path as Point[], closed: f.closed ?? false });
  }
  for (const f of fencesBefore) {
    if (fencesAfter.some((g) => g.name === f.name)) continue;
    lines.push(`fence "${f.name}" taken down`);
    removed.push({ points: f.path as Point[], closed: f.closed ?? false });
  }
  (after.herbivores ?? []).forEach((h, i) => {
    const was = (before.herbivores ?? [])[i];
    if (was && was.densityPerKm2 !== h.densityPerKm2) lines.push(`${h.kind}: ${was.densityPerKm2 ?? was.count} → ${h.densityPerKm2} per km²`);
  });
  if (!before.deerControl && after.deerControl) lines.push('deer control for the whole run');
  if (before.deerControl && !after.deerControl) lines.push('no deer control');
  return { lines, changed, removed };
}
