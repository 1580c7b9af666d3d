import { DEFAULT_FIELD, type ScenarioInput } from '../../scenario/schema.js';
import type { NamedScenario } from '../batch.js';
import { fmt } from '../read.js';
import { table, type Check, type Section, type VerdictRow } from '../report.js';
import { breachedDefault, defaultScenario } from '../sites.js';
import { compareResolutions, headlines, type Agreement } from './convergence.js';

/**
 * No numerical setting of the field decides its answer: the default scenario and its breached-fence
 * variant at the field's own settings (cells a 25th of a red deer's home-range radius, the default sub-steps a
 * year), with the cells halved, with the sub-steps doubled, and with both. Every headline result is
 * compared with the finest (both); a difference below 3 standard errors of the difference agrees.
 */

/** Red deer's default field cell, m (a 25th of the radius of a 4 km² home range). */
const CELL = Math.sqrt(4e6 / Math.PI) / 25;

const VARIANTS = [
  { id: 'default', label: 'default', field: {} },
  { id: 'cells', label: 'cells halved', field: { cellSize: CELL / 2 } },
  { id: 'steps', label: 'sub-steps doubled', field: { subStepsPerYear: 2 * DEFAULT_FIELD.subStepsPerYear } },
  { id: 'both', label: 'both', field: { cellSize: CELL / 2, subStepsPerYear: 2 * DEFAULT_FIELD.subStepsPerYear } },
];

const key = (base: string, v: string) => `field-resolution:${base}:${v}`;

function withField(sc: ScenarioInput, field: object, label: string): ScenarioInput {
  return { ...sc, herbivoreModel: 'field', herbivoreField: { subStepsPerYear: DEFAULT_FIELD.subStepsPerYear, ...field }, name: `${sc.name} (field, ${label})` };
}

export const fieldResolutionCheck: Check = {
  id: 'field-resolution',
  scenarios(o): NamedScenario[] {
    const reps = o.quick ? 4 : 16;
    const years = o.quick ? 20 : 50;
    return VARIANTS.flatMap((v) => [
      { key: key('default', v.id), scenario: withField({ ...defaultScenario(), replicates: reps, years }, v.field, v.label) },
      { key: key('breached', v.id), scenario: withField(breachedDefault(30, reps, years), v.field, v.label) },
    ]);
  },
  evaluate(runs): Section {
    const base = VARIANTS.map((v) => runs.get(key('default', v.id))!);
    const years = base[0].years;
    const reps = base[0].replicates.length;
    const rows = compareResolutions(base, headlines(years));
    const breached = compareResolutions(
      VARIANTS.map((v) => runs.get(key('breached', v.id))!),
      headlines(years).filter((h) => h.zone === 'fenced'),
    );
    const all = [...rows, ...breached];
    const failed = all.filter((r) => !r.agrees);
    const verdicts: VerdictRow[] = [
      {
        item: 'Field: headline results at its settings against cells halved and sub-steps doubled',
        model: failed.length === 0 ? `all ${all.length} within 3 SE` : `${failed.length} of ${all.length} differ: ${failed.map((f) => `${f.zone} ${f.label}`).join('; ')}`,
        published: 'results independent of the field\u2019s cells and sub-steps',
        source: 'convergence requirement',
        verdict: failed.length === 0 ? 'agrees' : failed.length <= 2 ? 'close' : 'misses',
      },
    ];
    const heads = VARIANTS.map((v) => v.label);
    const render = (r: Agreement) => [r.label, r.zone, ...r.means.map((m) => fmt(m, r.decimals)), ...r.z.map((z) => fmt(z, 1)), r.agrees ? 'agrees' : '**differs**'];
    const head = ['result', 'zone', ...heads, ...heads.slice(0, -1).map((h) => `z ${h}`), 'default'];
    const body = `
The default scenario (${years} years, ${reps} replicates with common random numbers) with the herbivore field at its own settings
(cells of ${fmt(CELL, 1)} m, a 25th of a red deer's home-range radius; ${DEFAULT_FIELD.subStepsPerYear} sub-steps a year), with its cells halved, its sub-steps
doubled, and both; the last is the finest. "z" is each setting's difference from the finest over the standard error of that
difference; a result agrees where z < 3 at the default settings.

${table(head, rows.map(render))}

**Breached fence** (30 breaches per km per year), fenced zone:

${table(head, breached.map(render))}
`;
    return { title: "Convergence of the field: its cells and sub-steps do not decide the answer", body, figures: [], verdicts };
  },
};
