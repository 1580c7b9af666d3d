import { describe, expect, it } from 'vitest';
import { runScenarios } from '../../sim/validation/batch.js';
import { compareResolutions, headlines } from '../../sim/validation/checks/convergence.js';
import { monotoneFalling } from '../../sim/validation/checks/protection.js';
import { meanAndError, perReplicate } from '../../sim/validation/read.js';
import { breachedDefault, defaultScenario, resolvedDefault } from '../../sim/validation/sites.js';
import { DEFAULT_STEPS_PER_DAY } from '../../sim/scenario/schema.js';
import { tempDir } from '../helpers.js';

// Small versions of the validation report's convergence and breach checks, on the real core with a
// fixed seed. Margins: agreement is a difference of means under 3 standard errors of the difference
// (as in the report); the breach response must fall, allowing 2 standard errors of noise per step.
describe('numerical settings do not decide the answer', () => {
  it('the walk agrees with itself at the default steps per day and at 4 times as many', async () => {
    const years = 6;
    const runs = await runScenarios(
      [1, 4].map((m) => ({ key: String(m), scenario: { ...resolvedDefault(DEFAULT_STEPS_PER_DAY * m, 4, years), herbivoreModel: 'walk' as const } })),
      { threads: 2, baseDir: tempDir() },
    );
    const rows = compareResolutions([runs.get('1')!, runs.get('4')!], headlines(years));
    for (const r of rows) expect(r.z[0], `${r.zone} ${r.label}: ${r.means.join(' vs ')}`).toBeLessThan(3);
    // The fence's effect is there to agree on: fenced survival well above unfenced.
    const gain = rows.find((r) => r.label.startsWith('fence gain: survival'))!;
    expect(gain.means[1]).toBeGreaterThan(10);
  }, 240_000);

  it('the field agrees with itself with its cells halved and its sub-steps doubled', async () => {
    const years = 8;
    const base = { ...defaultScenario(), replicates: 4, years };
    const runs = await runScenarios(
      [
        { key: 'own', scenario: base },
        { key: 'finer', scenario: { ...base, herbivoreField: { cellSize: 22.5, subStepsPerYear: 4 } } },
      ],
      { threads: 2, baseDir: tempDir() },
    );
    const rows = compareResolutions([runs.get('own')!, runs.get('finer')!], headlines(years));
    for (const r of rows) expect(r.z[0], `${r.zone} ${r.label}: ${r.means.join(' vs ')}`).toBeLessThan(3);
    // The settings did change the work: the finer run is not the same run.
    expect(rows.some((r) => r.means[0] !== r.means[1])).toBe(true);
  }, 240_000);

  it('a fence that breaks more often lets more browsing in, monotonically and visibly', async () => {
    const rates = [0, 10, 100];
    const runs = await runScenarios(rates.map((r) => ({ key: String(r), scenario: breachedDefault(r, 4, 8) })), { threads: 2, baseDir: tempDir() });
    const survival = rates.map((r) => meanAndError(perReplicate(runs.get(String(r))!, 8, 'fenced', 'survival')));
    expect(monotoneFalling(survival)).toBe(true);
    const [intact, , worst] = survival;
    expect(intact.mean - worst.mean).toBeGreaterThan(3 * Math.hypot(intact.se, worst.se));
  }, 240_000);
});
