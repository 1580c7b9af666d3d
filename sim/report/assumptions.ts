import { loadLibrary } from '../scenario/library.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/** One parameter a run used, with its value and where the value comes from. */
export interface Assumption {
  group: string;
  /** Library id of the species, kind or fence type; empty for processes and costs. */
  entry: string;
  parameter: string;
  value: string;
  source: string;
}

function valueText(o: Record<string, unknown>): string {
  if ('value' in o) return `${JSON.stringify(o.value)}${'year' in o ? ` (${String(o.year)} prices)` : ''}`;
  const rest = Object.entries(o).filter(([k]) => k !== 'source');
  const text = rest.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join('; ');
  return text.length > 240 ? `${text.slice(0, 237)}…` : text;
}

/** Every sourced value under `node`: an object with a `source` is one parameter, others are walked. */
function walk(node: unknown, path: string, out: (parameter: string, value: string, source: string) => void): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const o = node as Record<string, unknown>;
  if (typeof o.source === 'string' && path !== '') {
    out(path, valueText(o), o.source);
    return;
  }
  for (const [k, v] of Object.entries(o)) walk(v, path ? `${path}.${k}` : k, out);
}

/**
 * The parameters of a resolved scenario with their sources: each species planted, herbivore kind and
 * fence type present, the yearly processes and the cost library. Values a scenario overrides are the
 * values used, and say so in place of the library's source.
 */
export function assumptionsOf(resolved: ResolvedScenario): Assumption[] {
  const out: Assumption[] = [];
  const sc = resolved.scenario;
  const add = (group: string, entry: string) => (parameter: string, value: string, source: string) => out.push({ group, entry, parameter, value, source });
  resolved.speciesIds.forEach((id, i) => {
    const overridden = sc.species?.[id];
    walk(resolved.species[i], '', (p, v, s) => add('species', id)(p, v, overridden && p.split('.')[0] in overridden ? 'set in the scenario' : s));
  });
  for (const [id, kind] of Object.entries(resolved.herbivoreKinds)) walk(kind, '', add('herbivore kind', id));
  for (const [id, type] of Object.entries(resolved.fenceTypes)) walk(type, '', add('fence type', id));
  walk(resolved.processes, '', add('process', ''));
  walk(loadLibrary().costs, '', add('costs', ''));
  return out;
}
