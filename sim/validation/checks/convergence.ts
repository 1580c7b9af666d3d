import type { MetricName } from '../../shared/metrics.js';
import { DEFAULT_STEPS_PER_DAY } from '../../scenario/schema.js';
import type { ExperimentRun, NamedScenario } from '../batch.js';
import { fmt, meanAndError, perReplicate, perReplicateSum } from '../read.js';
import { table, type Check, type Section, type VerdictRow } from '../report.js';
import { breachedDefault, resolvedDefault } from '../sites.js';

/**
 * No numerical setting decides the walk's answer: the default scenario with the reference walk, and its
 * breached-fence variant, at 1×, 2× and 4× the default steps per day. Every headline result at each
 * resolution is compared with the finest; a difference of means below 3 standard errors of the
 * difference is agreement, and the replicates are enough that such a margin is a few per cent of the
 * value. (The field's own settings are checked in `fieldResolution`.)
 */

export const MULTIPLES = [1, 2, 4];
const FINEST = MULTIPLES[MULTIPLES.length - 1];

interface Headline {
  label: string;
  zone: string;
  /** Per replicate value of this headline in a run. */
  values(run: ExperimentRun): number[];
  decimals: number;
}

function metricAt(label: string, zone: string, metric: MetricName, year: number, scale = 1, decimals = 1): Headline {
  return { label, zone, values: (run) => perReplicate(run, Math.min(year, run.years), zone, metric).map((v) => v * scale), decimals };
}

/** The headline results of the default scenario for a run of `years`. */
export function headlines(years: number): Headline[] {
  const mid = Math.min(25, years);
  const list: Headline[] = [];
  for (const zone of ['fenced', 'unfenced']) {
    list.push(metricAt(`survival y5, %`, zone, 'survival', 5, 100));
    list.push(metricAt(`survival y${years}, %`, zone, 'survival', years, 100));
    list.push(metricAt(`mean height y10, m`, zone, 'mean_height_m', 10, 1, 2));
    list.push(metricAt(`carbon y${mid}, tCO2e`, zone, 'carbon_tco2e', mid, 1, 0));
    list.push(metricAt(`carbon y${years}, tCO2e`, zone, 'carbon_tco2e', years, 1, 0));
    list.push(metricAt(`stems/ha y${years}`, zone, 'stems_per_ha', years, 1, 0));
    list.push({ label: `saplings browsed y1-${years}`, zone, values: (run) => perReplicateSum(run, 1, years, zone, 'browsed'), decimals: 0 });
    list.push(metricAt('deer inside y5', zone, 'herbivores_inside', 5, 1, 2));
  }
  const diff = (metric: MetricName, year: number, scale: number) => (run: ExperimentRun) => {
    const f = perReplicate(run, year, 'fenced', metric);
    const u = perReplicate(run, year, 'unfenced', metric);
    return f.map((v, i) => (v - u[i]) * scale);
  };
  list.push({ label: 'fence gain: survival y10, points', zone: 'fenced − unfenced', values: diff('survival', Math.min(10, years), 100), decimals: 1 });
  list.push({ label: `fence gain: carbon y${years}, tCO2e`, zone: 'fenced − unfenced', values: diff('carbon_tco2e', years, 1), decimals: 0 });
  return list;
}

export interface Agreement {
  label: string;
  zone: string;
  /** Mean at each multiple, then the finest's. */
  means: number[];
  /** |difference| / standard error of the difference, per coarser multiple against the finest. */
  z: number[];
  agrees: boolean;
  decimals: number;
}

/** Compares each headline at every resolution with the finest (the last run). */
export function compareResolutions(runs: readonly ExperimentRun[], list: readonly Headline[]): Agreement[] {
  return list.map((h) => {
    const stats = runs.map((r) => meanAndError(h.values(r)));
    const finest = stats.at(-1)!;
    const z = stats.slice(0, -1).map((s) => {
      const se = Math.hypot(s.se, finest.se);
      const d = Math.abs(s.mean - finest.mean);
      return se > 0 ? d / se : d === 0 ? 0 : Infinity;
    });
    return { label: h.label, zone: h.zone, means: stats.map((s) => s.mean), z, agrees: z[0] < 3, decimals: h.decimals };
  });
}

const key = (variant: string, m: number) => `convergence:${variant}:${m}`;

export const convergenceCheck: Check = {
  id: 'convergence',
  scenarios(o): NamedScenario[] {
    const reps = o.quick ? 4 : 16;
    const years = o.quick ? 20 : undefined;
    return [
      ...MULTIPLES.map((m) => ({ key: key('default', m), scenario: { ...resolvedDefault(DEFAULT_STEPS_PER_DAY * m, reps, years), herbivoreModel: 'walk' as const } })),
      ...[1, FINEST].map((m) => {
        const sc = breachedDefault(30, reps, years);
        sc.herbivoreSteps = { stepsPerDay: DEFAULT_STEPS_PER_DAY * m, daysPerYear: 365 };
        sc.herbivoreModel = 'walk';
        return { key: key('breached', m), scenario: sc };
      }),
    ];
  },
  evaluate(runs): Section {
    const verdicts: VerdictRow[] = [];
    const base = MULTIPLES.map((m) => runs.get(key('default', m))!);
    const years = base[0].years;
    const reps = base[0].replicates.length;
    const rows = compareResolutions(base, headlines(years));
    const breachedRuns = [1, FINEST].map((m) => runs.get(key('breached', m))!);
    const breached = compareResolutions(breachedRuns, [
      metricAt('survival y10, %', 'fenced', 'survival', 10, 100),
      metricAt(`carbon y${years}, tCO2e`, 'fenced', 'carbon_tco2e', years, 1, 0),
      { label: `saplings browsed y1-${years}`, zone: 'fenced', values: (run) => perReplicateSum(run, 1, years, 'fenced', 'browsed'), decimals: 0 },
    ]);
    const render = (r: Agreement) => [r.label, r.zone, ...r.means.map((m) => fmt(m, r.decimals)), ...r.z.map((z) => fmt(z, 1)), r.agrees ? 'agrees' : '**differs**'];
    const steps = MULTIPLES.map((m) => `${DEFAULT_STEPS_PER_DAY * m}/day`);
    const failed = [...rows, ...breached].filter((r) => !r.agrees);
    verdicts.push({
      item: `Walk, default scenario: headline results at ${DEFAULT_STEPS_PER_DAY} steps/day against ${DEFAULT_STEPS_PER_DAY * FINEST}`,
      model: failed.length === 0 ? `all ${rows.length + breached.length} within 3 SE` : `${failed.length} of ${rows.length + breached.length} differ: ${failed.map((f) => `${f.zone} ${f.label}`).join('; ')}`,
      published: 'results independent of the step count',
      source: 'convergence requirement',
      verdict: failed.length === 0 ? 'agrees' : failed.length <= 2 ? 'close' : 'misses',
    });
    const body = `
The default scenario with the reference walk (${years} years, ${reps} replicates with common random numbers) at
${steps.join(', ')} — 1×, 2× and 4× the default — and the same scenario with its fence breaking 30 times per km per year at 1× and
${FINEST}×. Each cell is the mean across replicates; "z" is the difference from the finest resolution over the standard error of
that difference, and a result agrees where z < 3 at the default resolution.

${table(['result', 'zone', ...steps, ...steps.slice(0, -1).map((s) => `z ${s}`), `${steps[0]}`], rows.map(render))}

**Breached fence** (30 breaches per km per year):

${table(['result', 'zone', steps[0], steps.at(-1)!, `z ${steps[0]}`, `${steps[0]}`], breached.map(render))}
`;
    return { title: "Convergence of the walk: the step count does not decide the answer", body, figures: [], verdicts };
  },
};
