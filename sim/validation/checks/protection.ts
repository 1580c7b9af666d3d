import type { ExperimentRun, NamedScenario } from '../batch.js';
import { fmt, mean, meanAndError, perReplicate, perReplicateSum, yearly } from '../read.js';
import { table, type Check, type Section, type VerdictRow } from '../report.js';
import { breachedDefault, shelteredDefault } from '../sites.js';
import { lineChart } from '../svg.js';

/**
 * Protection in the default scenario: its deer fence intact and breaking ever more often (the
 * response must fall monotonically and visibly), and tree shelters of two heights instead of a fence.
 */

export const BREACH_RATES = [0, 2, 10, 30, 100];
const SHELTERS = [0, 0.6, 1.2];
const YEARS = 25;

const fenceKey = (rate: number) => `fence:${rate}`;
const shelterKey = (h: number) => `shelter:${h}`;

/** Is each value at most the one before, allowing differences within `slack` standard errors? */
export function monotoneFalling(points: readonly { mean: number; se: number }[], slack = 2): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (b.mean > a.mean + slack * Math.hypot(a.se, b.se)) return false;
  }
  return true;
}

export const protectionCheck: Check = {
  id: 'protection',
  scenarios(o): NamedScenario[] {
    const reps = o.quick ? 3 : 8;
    return [
      ...BREACH_RATES.map((r) => ({ key: fenceKey(r), scenario: breachedDefault(r, reps, YEARS) })),
      ...SHELTERS.map((h) => ({ key: shelterKey(h), scenario: shelteredDefault(h, reps, YEARS) })),
    ];
  },
  evaluate(runs): Section {
    const verdicts: VerdictRow[] = [];
    const fenceRows: string[][] = [];
    const survival10: { mean: number; se: number }[] = [];
    const carbon25: { mean: number; se: number }[] = [];
    for (const rate of BREACH_RATES) {
      const run = runs.get(fenceKey(rate))!;
      const s = meanAndError(perReplicate(run, 10, 'fenced', 'survival'));
      const c = meanAndError(perReplicate(run, YEARS, 'fenced', 'carbon_tco2e'));
      const browsed = meanAndError(perReplicateSum(run, 1, YEARS, 'fenced', 'browsed'));
      survival10.push(s);
      carbon25.push(c);
      fenceRows.push([
        String(rate),
        fmt(mean(run, 10, 'fenced', 'fence_breaches'), 1),
        fmt(mean(run, 5, 'fenced', 'herbivore_density_per_km2'), 2),
        fmt(browsed.mean),
        `${fmt(s.mean * 100, 1)} ± ${fmt(s.se * 100, 1)}`,
        `${fmt(c.mean)} ± ${fmt(c.se)}`,
      ]);
    }
    const span = survival10[0].mean - survival10.at(-1)!.mean;
    const visible = span > 3 * Math.hypot(survival10[0].se, survival10.at(-1)!.se);
    verdicts.push({
      item: 'Fenced zone survival (y10) and carbon (y25) as breaches rise',
      model: `${monotoneFalling(survival10) && monotoneFalling(carbon25) ? 'monotone' : 'not monotone'}; survival ${fmt(survival10[0].mean * 100, 1)}% intact, ${fmt(survival10.at(-1)!.mean * 100, 1)}% at ${BREACH_RATES.at(-1)}/km/yr`,
      published: 'more breaches, more browsing inside (a breach can put the whole planted area at risk)',
      source: 'Deer Initiative best practice guide; Forest Research tree protection guidance',
      verdict: monotoneFalling(survival10) && monotoneFalling(carbon25) && visible ? 'agrees' : monotoneFalling(survival10) ? 'close' : 'misses',
    });

    const shelterRows: string[][] = [];
    const sheltered = SHELTERS.map((h) => runs.get(shelterKey(h))!);
    sheltered.forEach((run, i) => {
      shelterRows.push([
        SHELTERS[i] === 0 ? 'none' : `${SHELTERS[i]} m`,
        fmt(mean(run, 10, 'unfenced', 'survival') * 100, 1),
        fmt(mean(run, 10, 'unfenced', 'mean_height_m'), 2),
        fmt(mean(run, 10, 'unfenced', 'above_browse_height') * 100),
        fmt(mean(run, YEARS, 'unfenced', 'carbon_tco2e')),
      ]);
    });
    const [none, low, high] = sheltered.map((r) => mean(r, 10, 'unfenced', 'survival'));
    verdicts.push({
      item: 'Shelters under red deer: survival at year 10, none / 0.6 m / 1.2 m',
      model: `${fmt(none * 100)}% / ${fmt(low * 100)}% / ${fmt(high * 100)}%`,
      published: 'shelters raise survival; 1.2 m needed against deer, and trees emerging from them at red deer feeding height are browsed',
      source: 'Duerden et al. (2017) Q. J. Forestry 111:26-31; Tuley (1985) Forestry 58:181-195; Bradfer-Lawrence & Rao (2012) Conservation Evidence 9:72-78',
      verdict: high > low && low >= none ? 'agrees' : high > none ? 'close' : 'misses',
    });
    const body = `
**Fences.** The default scenario (a glen with a fenced and an unfenced 20 ha zone of native mixed woodland under red deer at
15/km²) with its deer fence breaking 0 to ${BREACH_RATES.at(-1)} times per km per year (each breach a 1.5 m gap open until
it is mended at the next monthly inspection, when deer found inside are driven out), ${YEARS} years. Figures are for the
fenced zone, mean ± standard error across replicates.

${table(['breaches /km/yr', 'open breaches y10', 'deer/km² inside, y5', 'saplings browsed y1-25', 'survival y10, %', 'carbon y25, tCO2e'], fenceRows)}

**Shelters.** The default scenario with tree shelters on every tree of the unfenced zone (the fenced zone as it is).
Shelters protect a tree from browsing until it is taller than the shelter; inside one, broadleaves grow faster as
published shelter trials found (oak about 3 times, other broadleaves about 1.9 times) and conifers as outside; above it,
the tree is browsed like any other, so a tree that emerges within red deer's reach is bitten back to the shelter's top.

${table(['shelter', 'survival y10, %', 'mean height y10, m', 'stems above browse line y10, %', 'carbon y25, tCO2e'], shelterRows)}
`;
    const first = runs.get(fenceKey(0)) as ExperimentRun;
    return {
      title: 'Fences and shelters',
      body,
      verdicts,
      figures: [
        {
          file: 'fence-breaches.svg',
          caption: 'Carbon in the fenced zone of the default scenario as its fence breaks more often (mean of replicates)',
          svg: lineChart({
            title: 'Fenced zone carbon by breach rate',
            xLabel: 'year',
            yLabel: 'tCO2e',
            series: [
              ...BREACH_RATES.map((r) => ({ label: `${r} breaches/km/yr`, points: yearly(runs.get(fenceKey(r))!, 'fenced', 'carbon_tco2e') })),
              { label: 'unfenced zone', points: yearly(first, 'unfenced', 'carbon_tco2e'), reference: true },
            ],
          }),
        },
      ],
    };
  },
};
