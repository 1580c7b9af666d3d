import type { ScenarioInput } from '../../scenario/schema.js';
import type { ExperimentRun, NamedScenario } from '../batch.js';
import { fmt, meanAndError, perReplicate, perReplicateSum } from '../read.js';
import { table, type Check, type CheckOptions, type Section, type VerdictRow } from '../report.js';
import { breachedDefault, browsingPlot, defaultScenario } from '../sites.js';

/**
 * Whole scenarios, field against walk: the default glen, its fence breaking 30 times per km per year,
 * and the mixed planting (Scots pine and sessile oak side by side, unprotected) under red deer at 0, 5
 * and 20 per km². Each result is the mean across replicates (the same seeds in both models: the same
 * planting, home ranges and breaches), set side by side with the difference in standard errors.
 */

type Model = 'field' | 'walk';

interface Case {
  id: string;
  label: string;
  build(reps: number, years: number): ScenarioInput;
  zones: string[];
}

const CASES: Case[] = [
  {
    id: 'default',
    label: 'Default glen (fenced and unfenced zones, red deer 15/km²)',
    build: (reps, years) => ({ ...defaultScenario(), replicates: reps, years }),
    zones: ['fenced', 'unfenced'],
  },
  {
    id: 'breached',
    label: 'Default glen, fence breaking 30 times per km per year',
    build: (reps, years) => breachedDefault(30, reps, years),
    zones: ['fenced', 'unfenced'],
  },
  ...[0, 5, 20].map((d) => ({
    id: `mixed${d}`,
    label: `Mixed planting (Scots pine and sessile oak), red deer ${d}/km²`,
    build: (reps: number, years: number) => browsingPlot({ density: d, years, replicates: reps }),
    zones: ['scots_pine', 'sessile_oak'],
  })),
];

const key = (c: Case, model: Model) => `field-vs-walk:${c.id}:${model}`;

interface Result {
  label: string;
  values(run: ExperimentRun): number[];
  decimals: number;
}

function results(zone: string, years: number): Result[] {
  const at = (label: string, metric: Parameters<typeof perReplicate>[3], year: number, scale = 1, decimals = 1): Result => ({
    label,
    values: (run) => perReplicate(run, Math.min(year, run.years), zone, metric).map((v) => v * scale),
    decimals,
  });
  return [
    { label: `leaders browsed y1-${years}`, values: (run) => perReplicateSum(run, 1, years, zone, 'browsed'), decimals: 0 },
    at('deer inside y5', 'herbivores_inside', 5, 1, 2),
    ...[5, 10, years].flatMap((y) => [at(`survival y${y}, %`, 'survival', y, 100), at(`stems/ha y${y}`, 'stems_per_ha', y, 1, 0)]),
    at(`carbon y${years}, tCO2e`, 'carbon_tco2e', years, 1, 0),
  ];
}

/** Field against walk: the difference of the means over the standard error of the difference. */
export function compareModels(field: ExperimentRun, walk: ExperimentRun, list: readonly Result[]): { label: string; field: number; walk: number; z: number; relative: number; decimals: number }[] {
  return list.map((r) => {
    const f = meanAndError(r.values(field));
    const w = meanAndError(r.values(walk));
    const se = Math.hypot(f.se, w.se);
    const d = f.mean - w.mean;
    return { label: r.label, field: f.mean, walk: w.mean, z: se > 0 ? Math.abs(d) / se : d === 0 ? 0 : Infinity, relative: w.mean !== 0 ? d / Math.abs(w.mean) : 0, decimals: r.decimals };
  });
}

function settings(o: CheckOptions): { reps: number; years: number } {
  return { reps: o.quick ? 4 : 16, years: o.quick ? 15 : 50 };
}

export const fieldScenariosCheck: Check = {
  id: 'field-scenarios',
  scenarios(o): NamedScenario[] {
    const { reps, years } = settings(o);
    return CASES.flatMap((c) =>
      (['field', 'walk'] as const).map((model) => ({ key: key(c, model), scenario: { ...c.build(reps, years), herbivoreModel: model, name: `${c.label} (${model})` } })),
    );
  },
  evaluate(runs, o): Section {
    const { reps, years } = settings(o);
    const verdicts: VerdictRow[] = [];
    const parts: string[] = [];
    for (const c of CASES) {
      const field = runs.get(key(c, 'field'))!;
      const walk = runs.get(key(c, 'walk'))!;
      const rows: string[][] = [];
      let worst = 0;
      let differ = 0;
      let count = 0;
      for (const zone of c.zones) {
        for (const r of compareModels(field, walk, results(zone, years))) {
          if (r.field === 0 && r.walk === 0) continue;
          count++;
          worst = Math.max(worst, r.z);
          if (r.z > 2) differ++;
          rows.push([zone, r.label, fmt(r.walk, r.decimals), fmt(r.field, r.decimals), `${r.relative >= 0 ? '+' : ''}${fmt(r.relative * 100, 1)}%`, fmt(r.z, 1)]);
        }
      }
      verdicts.push({
        item: `${c.label}: ${count} results, field against walk`,
        model: differ === 0 ? `all within 2 SE (largest ${fmt(worst, 1)})` : `${differ} beyond 2 SE (largest ${fmt(worst, 1)})`,
        published: 'the walk, same seeds',
        source: 'reference walk (herbivoreModel "walk")',
        verdict: differ === 0 ? 'agrees' : worst <= 3 ? 'close' : 'misses',
      });
      parts.push(`**${c.label}.**\n\n${table(['zone', 'result', 'walk', 'field', 'difference', 'z'], rows)}`);
    }
    const body = `
Whole scenarios run by both herbivore models with the same seeds (so the same planting, home ranges, breaches and
droughts), ${reps} replicates of ${years} years each. Each result is the mean across replicates; "z" is the difference over its
standard error (the two models' replicate standard errors combined). A scenario agrees where every result is within 2
standard errors, is close where none is beyond 3. Leaders browsed are summed over the years; deer inside is the mean number
of animals in the zone in year 5.

${parts.join('\n\n')}
`;
    return { title: 'The herbivore field against the walk: whole scenarios', body, figures: [], verdicts };
  },
};
