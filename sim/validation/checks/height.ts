import { loadLibrary } from '../../scenario/library.js';
import type { NamedScenario } from '../batch.js';
import { fmt, mean, yearly } from '../read.js';
import { byRelativeError, table, type Check, type Section, type VerdictRow } from '../report.js';
import { standPlot } from '../sites.js';
import { lineChart } from '../svg.js';

/** Height over age for each species on a good site, against the published curve its library entry cites. */

const key = (species: string, years: number) => `height:${species}:${years}`;

function referenceAges(species: string): [number, number][] {
  return loadLibrary().species[species].height.reference as [number, number][];
}

export const heightCheck: Check = {
  id: 'height',
  scenarios(o): NamedScenario[] {
    return Object.keys(loadLibrary().species).map((species) => {
      const years = Math.max(...referenceAges(species).map(([a]) => a));
      return { key: key(species, years), scenario: standPlot({ species, spacing: 2, site: 'good', years, replicates: o.quick ? 1 : 2 }) };
    });
  },
  evaluate(runs): Section {
    const lib = loadLibrary().species;
    const verdicts: VerdictRow[] = [];
    const rows: string[][] = [];
    const figures = [];
    for (const [species, params] of Object.entries(lib)) {
      const ref = referenceAges(species);
      const years = Math.max(...ref.map(([a]) => a));
      const run = runs.get(key(species, years))!;
      let worst = 0;
      let worstAge = 0;
      for (const [age, published] of ref) {
        const model = mean(run, age, 'core', 'p90_height_m');
        const err = (model - published) / published;
        rows.push([params.name, String(age), fmt(published, 1), fmt(model, 1), `${err >= 0 ? '+' : ''}${fmt(err * 100)}%`]);
        if (age >= 20 && Math.abs(err) > Math.abs(worst)) {
          worst = err;
          worstAge = age;
        }
      }
      const atTen = ref.find(([a]) => a === 10);
      verdicts.push({
        item: `${params.name}: top height, ages 20+`,
        model: `worst ${worst >= 0 ? '+' : ''}${fmt(worst * 100)}% (age ${worstAge})`,
        published: 'curve of the library source',
        source: params.height.source.split(' (')[0].slice(0, 90),
        verdict: byRelativeError(1 + worst, 1),
      });
      if (atTen) {
        const m = mean(run, 10, 'core', 'p90_height_m');
        verdicts.push({
          item: `${params.name}: top height at age 10`,
          model: `${fmt(m, 1)} m`,
          published: `${fmt(atTen[1], 1)} m`,
          source: 'as above (the curve below its fitted ages)',
          verdict: byRelativeError(m, atTen[1]),
        });
      }
      figures.push({
        file: `height-${species}.svg`,
        caption: `${params.name}: top height (90th percentile of the core hectare, mean of replicates) against the published curve, good site, 2,500 stems/ha`,
        svg: lineChart({
          title: `${params.name}: height over age`,
          xLabel: 'years since planting',
          yLabel: 'top height, m',
          series: [
            { label: 'model', points: yearly(run, 'core', 'p90_height_m') },
            { label: 'published curve', points: ref, reference: true },
          ],
        }),
      });
    }
    // Establishment: the first years after planting against published early growth.
    const sitka = runs.get(key('sitka_spruce', Math.max(...referenceAges('sitka_spruce').map(([a]) => a))))!;
    const oak = runs.get(key('sessile_oak', Math.max(...referenceAges('sessile_oak').map(([a]) => a))))!;
    const sitka6 = mean(sitka, 6, 'core', 'mean_height_m');
    const survival1 = Object.keys(lib).map((species) => mean(runs.get(key(species, Math.max(...referenceAges(species).map(([a]) => a))))!, 1, 'core', 'survival'));
    const survivalLow = Math.min(...survival1);
    const survivalHigh = Math.max(...survival1);
    verdicts.push({
      item: 'Planted stock: survival after the first year, suited site, no browsing (all species)',
      model: `${fmt(survivalLow * 100, 1)}–${fmt(survivalHigh * 100, 1)}%`,
      published: '90% average (the planting-failure parameter is taken from it)',
      source: 'Farmers Weekly 2024, quoting the Woodland Trust and Forestry Commission',
      verdict: byRelativeError((survivalLow + survivalHigh) / 2, 0.9),
    });
    const early = (run: typeof sitka) => [0, 1, 2, 3, 4, 5, 6].map((y) => fmt(mean(run, y, 'core', 'mean_height_m'), 2));
    verdicts.push({
      item: 'Sitka spruce: mean height 6 years after planting',
      model: `${fmt(sitka6, 2)} m (from 0.30 m stock)`,
      published: '≈1.6 m from 20 cm stock (30 cm stock ≈27 cm taller)',
      source: 'Stock-size study of Sitka spruce in Scotland and northern England, Forestry (abstract)',
      verdict: byRelativeError(sitka6, 1.6 + 0.27),
    });
    const body = `
Each species is planted alone at 2,500 stems/ha (2 m spacing) on a good, flat site (suitability 1) without herbivores or
drought, in nine 1 ha squares; figures are read in the centre square. Top height is the 90th percentile of live stems, a
close proxy for the height of the 100 tallest stems per hectare that top-height curves describe. The published curves are
the reference points in \`assets/library/species.json\`, each from the source cited there (GB dynamic top-height models of
Manso et al. 2021 for the conifers and the sources named for the broadleaves). The verdict is taken from age 20 on, where
the curves were fitted; at age 10 the curves are an extrapolation and the model follows the published establishment data
below instead (a transplant starts on the curve at its own height and grows from its first year, slowed by the planting
check), so it stands above some curves there.

${table(['species', 'age', 'published, m', 'model, m', 'difference'], rows)}

**Establishment.** Mean height in the first years after planting (m), unbrowsed (oak's own planting check is set from
Tuley's mesh-guarded trees: see the shelter trials):

${table(['species', 'y0', 'y1', 'y2', 'y3', 'y4', 'y5', 'y6'], [['Sitka spruce', ...early(sitka)], ['Sessile oak', ...early(oak)]])}
`;
    return { title: 'Height over age', body, figures, verdicts };
  },
};
