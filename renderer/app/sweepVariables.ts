/**
 * What a sweep in the page may vary, built from the plan being edited, and the values typed for each
 * checked as the scenario's schema would check them: each herd's density per km² and culling rate,
 * each zone's planting density and shelters, and the plan's fences (all of them, or none). Each
 * becomes a variable of a sweep file (`name`, `path`, `values`), so the page's sweep is the file's.
 */
import type { SweepRequest } from '../../sim/hostApi/api.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';

export type SweepVariable = SweepRequest['variables'][number];

/** A number a variable takes: its unit, and the range the scenario's schema allows. */
interface NumberKind {
  kind: 'number';
  unit: string;
  min: number;
  /** Whether `min` itself is refused (a density must be more than 0). */
  above?: boolean;
  max: number;
}

/** Shelters of a zone: none, or of a height in metres (more than 0, at most 5). */
interface SheltersKind {
  kind: 'shelters';
}

/** The plan's fences: all of them, or none. */
interface FencesKind {
  kind: 'fences';
  fences: unknown[];
}

/** One thing a sweep may vary. */
export type SweepCandidate = {
  /** Identifies it across edits of the plan: the same zone or herd keeps its id. */
  id: string;
  /** In words, with its unit: "red deer density, per km²". */
  label: string;
  /** The CSV column the variable's values go in. */
  name: string;
  path: string;
  /** Values offered to start from, as typed. */
  suggested: string;
} & (NumberKind | SheltersKind | FencesKind);

/** A column name from words: letters, digits and underscores, not starting with a digit. */
function columnName(words: string): string {
  const plain = words.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'variable';
  return /^[0-9]/.test(plain) ? `_${plain}` : plain;
}

const list = (values: number[]) => [...new Set(values.map((v) => Math.round(v * 100) / 100))].sort((a, b) => a - b).join(', ');

/** The variables a sweep of this plan may vary, in the plan's order: herds, then zones, then fences. */
export function sweepCandidates(plan: ScenarioInput): SweepCandidate[] {
  const out: SweepCandidate[] = [];
  (plan.herbivores ?? []).forEach((h, i) => {
    const herd = h.kind.replace(/_/g, ' ');
    if (h.densityPerKm2 !== undefined) {
      const d = h.densityPerKm2;
      out.push({ id: `herd-density:${i}`, label: `${herd} density, per km²`, name: `${h.kind}_per_km2`, path: `herbivores[${i}].densityPerKm2`, suggested: list([0, d, Math.max(1, 2 * d)]), kind: 'number', unit: 'per km²', min: 0, max: 10_000 });
    }
    const c = h.cullingRate ?? 0;
    out.push({ id: `herd-culling:${i}`, label: `${herd} culled each year, fraction 0–1`, name: `${h.kind}_culling`, path: `herbivores[${i}].cullingRate`, suggested: list([c, c === 0 ? 0.2 : 0]), kind: 'number', unit: '', min: 0, max: 1 });
  });
  plan.plantings.forEach((p, i) => {
    out.push({ id: `zone-density:${p.name}`, label: `zone ${p.name} planting density, stems/ha`, name: `density_${p.name}`, path: `plantings[${i}].density`, suggested: list([1100, p.density, 2500]), kind: 'number', unit: 'stems/ha', min: 0, above: true, max: 40_000 });
    out.push({ id: `zone-shelters:${p.name}`, label: `zone ${p.name} shelters, off or height in m`, name: `shelters_${p.name}`, path: `plantings[${i}].shelters`, suggested: p.shelters ? `off, ${p.shelters.height}` : 'off, 1.2', kind: 'shelters' });
  });
  if ((plan.fences ?? []).length > 0) {
    out.push({ id: 'fences', label: "the plan's fences, none or all", name: 'fences', path: 'fences', suggested: 'none, all', kind: 'fences', fences: plan.fences ?? [] });
  }
  // Column names are unique: a second herd of one kind, or zones whose names differ only in punctuation.
  const seen = new Set<string>();
  for (const c of out) {
    const base = columnName(c.name);
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    c.name = name;
  }
  return out;
}

const format = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 6 });

/**
 * The values typed for a variable (comma-separated), as the sweep file's `values`, or what is wrong
 * with them, naming the variable and the value: `zone north planting density, stems/ha: "-5" is not
 * more than 0`.
 */
export function sweepValues(candidate: SweepCandidate, typed: string): { variable: SweepVariable } | { problem: string } {
  const parts = typed.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const problem = (what: string) => ({ problem: `${candidate.label}: ${what}` });
  if (parts.length === 0) return problem('give its values, separated by commas');
  const { name, path } = candidate;
  const labels = new Set<string>();
  const twice = (label: string) => {
    if (labels.has(label)) return true;
    labels.add(label);
    return false;
  };
  if (candidate.kind === 'number') {
    const values: number[] = [];
    for (const part of parts) {
      const value = Number(part);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(part) || !Number.isFinite(value)) return problem(`"${part}" is not a number`);
      const low = candidate.above ? value <= candidate.min : value < candidate.min;
      if (low || value > candidate.max) {
        const range = `${candidate.above ? 'more than' : 'from'} ${format(candidate.min)} ${candidate.above ? 'and at most' : 'to'} ${format(candidate.max)}${candidate.unit ? ` ${candidate.unit}` : ''}`;
        return problem(`"${part}" is outside the range the scenario allows (${range})`);
      }
      if (twice(String(value))) return problem(`${part} is given twice`);
      values.push(value);
    }
    return { variable: { name, path, values } };
  }
  const values: Record<string, unknown> = {};
  for (const part of parts) {
    const word = part.toLowerCase();
    let label: string;
    let value: unknown;
    if (candidate.kind === 'fences') {
      if (word !== 'none' && word !== 'all') return problem(`"${part}" is neither none nor all`);
      [label, value] = [word, word === 'none' ? [] : candidate.fences];
    } else if (word === 'off' || word === 'none') {
      // null takes the zone's shelters out.
      [label, value] = ['off', null];
    } else {
      const height = Number(part.replace(/\s*m$/i, ''));
      if (!Number.isFinite(height) || !/^[\d.]+(\s*m)?$/i.test(part)) return problem(`"${part}" is neither off nor a height in metres`);
      if (height <= 0 || height > 5) return problem(`"${part}" is outside the range the scenario allows (more than 0 and at most 5 m)`);
      [label, value] = [`${format(height)} m`, { height }];
    }
    if (twice(label)) return problem(`${part} is given twice`);
    values[label] = value;
  }
  return { variable: { name, path, values } };
}

/** How many values a variable takes. */
export function valueCount(variable: SweepVariable): number {
  const values = variable.values ?? [];
  return Array.isArray(values) ? values.length : Object.keys(values).length;
}
