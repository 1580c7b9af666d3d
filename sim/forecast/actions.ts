import { zonesInsideFence } from '../model/site.js';
import type { Scenario } from '../scenario/schema.js';
import { openRing } from '../shared/polygon.js';
import { ENCLOSURE_BUFFER_M, fenceAround } from '../strategy/fenceAround.js';

/**
 * What a manager can do after a survey, as the forecast's decisions name them: `none`; `beatup` (each
 * zone restocked once to the stocking target, or `beatup:N` stems/ha); `shelters:H` (shelters of H m
 * on every live tree of each zone no fence of the plan protects); `cull:D` (the herds culled to D per
 * km² and held there); `enclose` or `enclose:TYPE` (a new closed fence, a deer fence unless another
 * type is named, round each zone no fence of the plan protects). Parts join with `+`
 * (`beatup+shelters:1.8`). Each acts from the year after the survey.
 */
export interface Action {
  /** As written, e.g. "beatup+cull:5". */
  label: string;
  beatUp: { targetPerHa?: number } | null;
  shelters: number | null;
  cullTo: number | null;
  enclose: string | null;
}

export const DEFAULT_ACTIONS = 'none,beatup,beatup+shelters:1.8,beatup+cull:5,beatup+enclose';

/** The default actions that apply to a plan: a cull only with herds, shelters and a new fence only where a zone stands open. */
export function defaultActions(scenario: Scenario): string {
  const open = openZones(scenario).length > 0;
  const herds = scenario.herbivores.length > 0;
  return DEFAULT_ACTIONS.split(',')
    .filter((a) => (!a.includes('cull') || herds) && ((!a.includes('shelters') && !a.includes('enclose')) || open))
    .join(',');
}

export class ActionError extends Error {}

function positive(part: string, raw: string, max: number): number {
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v) || v <= 0 || v > max) throw new ActionError(`"${part}": ${raw === '' ? 'needs a figure' : `${raw} is not a figure above 0 and at most ${max}`}`);
  return v;
}

/** Parses a comma-separated list of actions; a bad one is an ActionError naming it. */
export function parseActions(list: string): Action[] {
  const out: Action[] = [];
  for (const label of list.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const action: Action = { label, beatUp: null, shelters: null, cullTo: null, enclose: null };
    for (const part of label.split('+').map((s) => s.trim())) {
      const [name, arg] = part.includes(':') ? [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)] : [part, undefined];
      if (name === 'none' && arg === undefined) continue;
      if (name === 'beatup') action.beatUp = arg === undefined ? {} : { targetPerHa: positive(part, arg, 40_000) };
      else if (name === 'shelters') action.shelters = positive(part, arg ?? '', 5);
      else if (name === 'cull') {
        const d = Number(arg ?? '');
        if (arg === undefined || arg === '' || !Number.isFinite(d) || d < 0 || d > 10_000) throw new ActionError(`"${part}": give the density to cull to, per km² (cull:5)`);
        action.cullTo = d;
      } else if (name === 'enclose') action.enclose = arg ?? 'deer_fence';
      else throw new ActionError(`"${part}" is not an action; the actions are none, beatup, beatup:N, shelters:H, cull:D, enclose and enclose:TYPE, joined with +`);
    }
    if (out.some((a) => a.label === label)) throw new ActionError(`"${label}" is given twice`);
    out.push(action);
  }
  if (out.length === 0) throw new ActionError('no action given');
  return out;
}

/** The zones no fence of the plan protects. */
export function openZones(scenario: Scenario): string[] {
  const fenced = new Set(scenario.fences.flatMap((_, fi) => zonesInsideFence(scenario, fi)));
  return scenario.plantings.map((p) => p.name).filter((n) => !fenced.has(n));
}

/** The plan with an action taken after a survey at the end of `year`: measures from year + 1, a new fence standing from then. */
export function applyAction(scenario: Scenario, action: Action, year: number): Scenario {
  const sc = structuredClone(scenario);
  const from = year + 1;
  const open = openZones(scenario);
  if (action.beatUp) for (const p of sc.plantings) sc.measures.push({ type: 'beatUp', year: from, zone: p.name, ...action.beatUp });
  if (action.shelters !== null) for (const zone of open) sc.measures.push({ type: 'shelters', year: from, zone, height: action.shelters });
  if (action.cullTo !== null) sc.measures.push({ type: 'cull', year: from, densityPerKm2: action.cullTo });
  if (action.enclose !== null) {
    for (const zone of open) {
      const p = scenario.plantings.find((q) => q.name === zone)!;
      sc.fences.push({ ...fenceAround([zone], openRing(p.polygon), action.enclose, ENCLOSURE_BUFFER_M), name: `${zone} enclosure`, installYear: year });
    }
  }
  return sc;
}
