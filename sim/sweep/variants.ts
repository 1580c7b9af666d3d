import type { ScenarioIssue } from '../scenario/issues.js';
import type { Sweep, SweepVariable } from './spec.js';

/** One value a variable takes, with the label written in the CSV column. */
export interface Level {
  label: string;
  value: unknown;
}

/** One combination of variable values: the scenario to run and its labels in variable order. */
export interface Variant {
  index: number;
  labels: string[];
  scenario: unknown;
}

/** The most variants a sweep may expand to. */
export const MAX_VARIANTS = 100_000;

/** How many values a variable takes, without listing them. */
export function levelCount(variable: SweepVariable): number {
  if (variable.range) {
    const { from, to, step } = variable.range;
    return Math.floor((to - from) / step + 1e-9) + 1;
  }
  if (Array.isArray(variable.values)) return variable.values.length;
  return Object.keys(variable.values ?? {}).length;
}

/** The values of a variable, in order. Ranges are rounded to 10 decimals so 0.1 steps stay clean. */
export function levelsOf(variable: SweepVariable): Level[] {
  if (variable.range) {
    const { from, to, step } = variable.range;
    const n = Math.floor((to - from) / step + 1e-9) + 1;
    const out: Level[] = [];
    for (let i = 0; i < n; i++) {
      const value = Number((from + i * step).toPrecision(12));
      out.push({ label: String(value), value });
    }
    return out;
  }
  if (Array.isArray(variable.values)) return variable.values.map((v) => ({ label: String(v), value: v }));
  return Object.entries(variable.values ?? {}).map(([label, value]) => ({ label, value }));
}

/**
 * Expands a sweep into its variants: the full factorial of the variables' levels (the last variable
 * varying fastest) or the listed cases, each applied to a copy of the base scenario.
 */
export function expandVariants(sweep: Sweep, base: unknown): { variants: Variant[]; issues: ScenarioIssue[] } {
  const issues: ScenarioIssue[] = [];
  // Counted before anything is expanded: a factorial too large to run must be refused without
  // first building it in memory.
  if (sweep.design === 'factorial') {
    const count = sweep.variables.reduce((n, v) => n * levelCount(v), 1);
    if (count > MAX_VARIANTS) {
      const shown = count < 1e15 ? Math.round(count).toLocaleString('en-GB') : count.toExponential(2);
      return { variants: [], issues: [{ path: 'variables', message: `the factorial has ${shown} variants; at most ${MAX_VARIANTS.toLocaleString('en-GB')}` }] };
    }
  }
  const levels = sweep.variables.map(levelsOf);
  const names = sweep.variables.map((v) => v.name);
  levels.forEach((ls, j) => {
    if (new Set(ls.map((l) => l.label)).size !== ls.length) {
      issues.push({ path: `variables[${j}]`, message: 'gives the same value twice (a range step too small for its numbers?)' });
    }
  });
  if (new Set(names).size !== names.length) issues.push({ path: 'variables', message: 'variable names must be unique' });

  let combos: Level[][] = [];
  if (sweep.design === 'factorial') {
    combos = levels.reduce<Level[][]>((acc, ls) => acc.flatMap((prefix) => ls.map((l) => [...prefix, l])), [[]]);
  } else {
    if (!sweep.cases || sweep.cases.length === 0) issues.push({ path: 'cases', message: 'design "cases" needs a list of cases' });
    (sweep.cases ?? []).forEach((c, i) => {
      const combo: Level[] = [];
      sweep.variables.forEach((v, j) => {
        if (!(v.name in c)) {
          issues.push({ path: `cases[${i}]`, message: `gives no value for variable "${v.name}"` });
          return;
        }
        const given = c[v.name];
        const labelled = levels[j].find((l) => typeof given === 'string' && l.label === given && !Array.isArray(v.values));
        combo.push(labelled ?? { label: typeof given === 'object' && given !== null ? JSON.stringify(given) : String(given), value: given });
      });
      for (const key of Object.keys(c)) {
        if (!names.includes(key)) issues.push({ path: `cases[${i}].${key}`, message: 'is not one of the variables' });
      }
      combos.push(combo);
    });
  }
  if (issues.length > 0) return { variants: [], issues };

  const variants: Variant[] = combos.map((combo, index) => {
    const scenario = structuredClone(base);
    combo.forEach((level, j) => {
      const variable = sweep.variables[j];
      for (const path of Array.isArray(variable.path) ? variable.path : [variable.path]) {
        const problem = setPath(scenario, path, structuredClone(level.value));
        if (problem) issues.push({ path: `variables[${j}].path`, message: `"${path}": ${problem}` });
      }
    });
    return { index, labels: combo.map((l) => l.label), scenario };
  });
  // Path problems repeat for every variant; report each once.
  const unique = [...new Map(issues.map((i) => [`${i.path}|${i.message}`, i])).values()];
  return { variants: unique.length > 0 ? [] : variants, issues: unique };
}

type Token = { key: string } | { index: number } | { all: true };

function parsePath(path: string): Token[] | null {
  const tokens: Token[] = [];
  const re = /([A-Za-z_$][\w$]*)|\[(\d+|\*)\]|(\.)/gy;
  let m: RegExpExecArray | null;
  let expectKey = true;
  while (re.lastIndex < path.length) {
    m = re.exec(path);
    if (!m) return null;
    if (m[1] !== undefined) {
      if (!expectKey || m[1] === '__proto__' || m[1] === 'constructor' || m[1] === 'prototype') return null;
      tokens.push({ key: m[1] });
      expectKey = false;
    } else if (m[2] !== undefined) {
      tokens.push(m[2] === '*' ? { all: true } : { index: Number(m[2]) });
      expectKey = false;
    } else {
      if (expectKey) return null;
      expectKey = true;
    }
  }
  return tokens.length > 0 && !expectKey ? tokens : null;
}

/** Sets a value at a path like `plantings[*].density`; returns a problem, or null when done. */
export function setPath(target: unknown, path: string, value: unknown): string | null {
  const tokens = parsePath(path);
  if (!tokens) return 'is not a path like herbivores[0].densityPerKm2 or plantings[*].density';
  const walk = (node: unknown, t: number): string | null => {
    const token = tokens[t];
    const last = t === tokens.length - 1;
    if ('all' in token) {
      if (!Array.isArray(node)) return 'a [*] step does not land on a list';
      for (let i = 0; i < node.length; i++) {
        if (last) node[i] = structuredClone(value);
        else {
          const p = walk(node[i], t + 1);
          if (p) return p;
        }
      }
      return null;
    }
    if ('index' in token) {
      if (!Array.isArray(node)) return `[${token.index}] does not land on a list`;
      if (token.index >= node.length + (last ? 1 : 0)) return `the base scenario has no item [${token.index}] there`;
      if (last) {
        node[token.index] = value;
        return null;
      }
      return walk(node[token.index], t + 1);
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return `"${token.key}" does not land on an object`;
    const obj = node as Record<string, unknown>;
    if (last) {
      // null takes the field out: a variant without deer control, shelters or a removal year.
      if (value === null) delete obj[token.key];
      else obj[token.key] = value;
      return null;
    }
    if (!Object.hasOwn(obj, token.key)) return `the base scenario has no "${token.key}" there`;
    return walk(obj[token.key], t + 1);
  };
  return walk(target, 0);
}
