import { polylineLength } from '../shared/polygon.js';
import type { FenceType } from '../library/schema.js';
import { METRIC_COUNT } from '../shared/metrics.js';
import type { ScenarioIssue } from './issues.js';
import { LIMITS, type Scenario } from './schema.js';

/**
 * Limits on how much work a plan asks for, checked from its counts alone before any of that work is
 * done: a plan that validates runs in bounded time and memory. Each message says what to change.
 */
export function countIssues(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const vertices =
    scenario.plantings.reduce((n, p) => n + p.polygon.length, 0) +
    scenario.fences.reduce((n, f) => n + f.path.length, 0) +
    scenario.herbivores.reduce((n, h) => n + (h.area?.length ?? 0), 0);
  if (vertices > LIMITS.totalVertices) {
    issues.push({
      path: 'plantings',
      message: `zones, fences and herbivore areas have ${vertices.toLocaleString('en-GB')} vertices together; at most ${LIMITS.totalVertices.toLocaleString('en-GB')}: simplify the outlines (e.g. ogr2ogr -simplify)`,
    });
  }
  const bytes = scenario.replicates * (scenario.years + 1) * (scenario.plantings.length + 1) * METRIC_COUNT * 8;
  if (bytes > LIMITS.resultBytes) {
    issues.push({
      path: 'replicates',
      message:
        `${scenario.replicates.toLocaleString('en-GB')} replicates × ${scenario.years + 1} years × ${scenario.plantings.length + 1} zones of metrics ` +
        `would hold ${(bytes / 2 ** 30).toFixed(1)} GiB; at most ${LIMITS.resultBytes / 2 ** 30} GiB: use fewer replicates, years or zones`,
    });
  }
  return issues;
}

/**
 * The fences' breaches in the plan's worst year, as their rates give them (each fence's rate rises with
 * its age until it is rebuilt), and those open at once: every opening and mending splits the herd's
 * year, so both are bounded. Fences of unknown type are left to the check that names them.
 */
export function breachIssues(scenario: Scenario, fenceTypes: Record<string, FenceType>): ScenarioIssue[] {
  let perYear = 0;
  let open = 0;
  scenario.fences.forEach((f) => {
    const type = Object.hasOwn(fenceTypes, f.type) ? fenceTypes[f.type] : undefined;
    if (!type) return;
    const end = Math.min(scenario.years, f.removalYear ?? scenario.years);
    const renew = f.renewEveryYears === 'never' ? Infinity : (f.renewEveryYears ?? type.serviceLifeYears?.value ?? Infinity);
    const oldest = Math.max(0, Math.min(end - f.installYear, renew));
    const rate = (f.breachRatePerKmPerYear ?? type.breachRatePerKmPerYear.value) * (1 + type.breachRateIncreasePerYear.value * oldest);
    const breaches = rate * (polylineLength(f.path, f.closed) / 1000);
    perYear += breaches;
    open += (breaches * Math.min(365, f.repairDelayDays ?? type.repairDelayDays.value)) / 365;
  });
  const issues: ScenarioIssue[] = [];
  if (perYear > LIMITS.breachesPerYear) {
    issues.push({
      path: 'fences',
      message: `the fences would break about ${Math.round(perYear).toLocaleString('en-GB')} times in their worst year; at most ${LIMITS.breachesPerYear.toLocaleString('en-GB')}: lower breachRatePerKmPerYear (real fences: a few per km a year) or rebuild them sooner (renewEveryYears)`,
    });
  } else if (open > LIMITS.openBreaches) {
    issues.push({
      path: 'fences',
      message: `about ${Math.round(open).toLocaleString('en-GB')} breaches would stand open at once; at most ${LIMITS.openBreaches.toLocaleString('en-GB')}: mend them sooner (repairDelayDays) or lower breachRatePerKmPerYear`,
    });
  }
  return issues;
}
