/**
 * Protection strategies as the command line and the page name them:
 *
 *   none                 no fence, no shelters, no deer control
 *   fence                the plan's fences as drawn
 *   enclose[:TYPE]       a new closed fence round each zone (a deer fence unless TYPE names another
 *                        fence type), priced per metre like any fence
 *   shelters:H           shelters H m tall on every tree
 *   cull:D               deer control holding every herd at D per km² (never raising it)
 *   fence+cull:D         parts joined with "+"
 *   fenced=fence/open=shelters:1.8   a mix: one strategy per zone, "/" between zones
 *
 * A strategy string is also its label in every table and CSV.
 */

/** What protects one zone. */
export interface Protection {
  /** Keeps the plan's fences that protect the zone. */
  fence: boolean;
  /** Fence type of a new closed fence round the zone; absent for none. */
  enclose?: string;
  /** Shelter height, m; absent for none. */
  shelterHeight?: number;
  /** Herd density deer control holds, per km²; absent for no control. */
  cullTo?: number;
}

export interface Strategy {
  label: string;
  /** Protection of every zone not listed in `zones`. */
  all: Protection;
  /** Per-zone protection of a mix, by zone name. */
  zones: ReadonlyMap<string, Protection>;
}

export class StrategyError extends Error {}

const NUMBER = /^\d+(\.\d+)?$/;
const FENCE_TYPE = /^[a-z][a-z0-9_]*$/;
/** The fence type `enclose` builds when none is named. */
export const DEFAULT_ENCLOSURE_TYPE = 'deer_fence';

function parseProtection(text: string, where: string): Protection {
  const out: Protection = { fence: false };
  if (text === 'none') return out;
  for (const part of text.split('+')) {
    const [name, arg, extra] = part.split(':');
    if (extra !== undefined) throw new StrategyError(`${where}: "${part}" has more than one ":"`);
    if (name === 'fence' && arg === undefined) {
      out.fence = true;
    } else if (name === 'enclose') {
      if (arg !== undefined && !FENCE_TYPE.test(arg)) throw new StrategyError(`${where}: enclose takes a fence type id, e.g. enclose:deer_fence`);
      if (out.enclose !== undefined) throw new StrategyError(`${where}: enclose is given twice`);
      out.enclose = arg ?? DEFAULT_ENCLOSURE_TYPE;
    } else if (name === 'shelters') {
      if (arg === undefined || !NUMBER.test(arg) || Number(arg) <= 0 || Number(arg) > 5) {
        throw new StrategyError(`${where}: shelters need a height in metres above 0 and at most 5, e.g. shelters:1.8`);
      }
      if (out.shelterHeight !== undefined) throw new StrategyError(`${where}: shelters are given twice`);
      out.shelterHeight = Number(arg);
    } else if (name === 'cull') {
      if (arg === undefined || !NUMBER.test(arg) || Number(arg) > 10_000) {
        throw new StrategyError(`${where}: cull needs the density to hold, per km², e.g. cull:5`);
      }
      if (out.cullTo !== undefined) throw new StrategyError(`${where}: cull is given twice`);
      out.cullTo = Number(arg);
    } else {
      throw new StrategyError(`${where}: unknown part "${part}"; use none, fence, enclose[:FENCE_TYPE], shelters:HEIGHT or cull:DENSITY, joined with "+"`);
    }
  }
  return out;
}

/** Parses one strategy; `zoneNames` are the plan's zones, which a mix must name. */
export function parseStrategy(text: string, zoneNames: readonly string[]): Strategy {
  const label = text.trim();
  if (label === '') throw new StrategyError('an empty strategy name');
  if (!label.includes('=')) return { label, all: parseProtection(label, `strategy "${label}"`), zones: new Map() };
  const zones = new Map<string, Protection>();
  for (const entry of label.split('/')) {
    const eq = entry.indexOf('=');
    if (eq < 0) throw new StrategyError(`strategy "${label}": "${entry}" is not ZONE=STRATEGY`);
    const zone = entry.slice(0, eq).trim();
    if (!zoneNames.includes(zone)) throw new StrategyError(`strategy "${label}": no zone is named "${zone}"; zones: ${zoneNames.join(', ')}`);
    if (zones.has(zone)) throw new StrategyError(`strategy "${label}": zone "${zone}" is given twice`);
    zones.set(zone, parseProtection(entry.slice(eq + 1).trim(), `strategy "${label}", zone "${zone}"`));
  }
  const culls = new Set([...zoneNames].map((z) => zones.get(z)?.cullTo ?? null));
  if (culls.size > 1) {
    throw new StrategyError(`strategy "${label}": deer control acts on the whole herd, so every zone must have the same cull (or none)`);
  }
  return { label, all: { fence: false }, zones };
}

/** Parses a comma-separated list; labels must be unique. */
export function parseStrategies(list: string, zoneNames: readonly string[]): Strategy[] {
  const out = list.split(',').map((s) => parseStrategy(s, zoneNames));
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.label)) throw new StrategyError(`strategy "${s.label}" is given twice`);
    seen.add(s.label);
  }
  return out;
}

export function protectionOf(strategy: Strategy, zone: string): Protection {
  return strategy.zones.get(zone) ?? strategy.all;
}

/**
 * The strategies compared when none are named, those that apply to the plan: none, its fences, a new
 * deer fence round each zone where there are herds, shelters for roe (1.2 m) and for red deer (1.8 m), a cull to 5 per km² (the low end of the 5–10
 * per km² Scottish Forestry's deer grants aim for), and fence with the cull.
 */
export function defaultStrategies(plan: { fences?: readonly unknown[]; herbivores?: readonly unknown[] }): string {
  const fences = (plan.fences?.length ?? 0) > 0;
  const herds = (plan.herbivores?.length ?? 0) > 0;
  const list = ['none'];
  if (fences) list.push('fence');
  if (herds) list.push('enclose');
  list.push('shelters:1.2', 'shelters:1.8');
  if (herds) list.push('cull:5');
  if (herds && fences) list.push('fence+cull:5');
  return list.join(',');
}
