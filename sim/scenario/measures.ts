import type { ScenarioIssue } from './issues.js';
import type { Scenario } from './schema.js';

/** What the schema cannot check of a plan's measures: the zones and kinds they name, and their years. */
export function measureIssues(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const kinds = new Set(scenario.herbivores.map((h) => h.kind));
  scenario.measures.forEach((m, i) => {
    const at = `measures[${i}]`;
    if (m.year > scenario.years) issues.push({ path: `${at}.year`, message: `is after the last simulated year (${scenario.years})` });
    if (m.type === 'cull') {
      if (m.kind !== undefined && !kinds.has(m.kind)) issues.push({ path: `${at}.kind`, message: `no herd of "${m.kind}" in the plan (${[...kinds].join(', ') || 'it has none'})` });
      if (kinds.size === 0) issues.push({ path: at, message: 'a cull needs a herd: the plan has no herbivores' });
      return;
    }
    const zone = scenario.plantings.find((p) => p.name === m.zone);
    if (!zone) issues.push({ path: `${at}.zone`, message: `no zone "${m.zone}" in the plan (${scenario.plantings.map((p) => p.name).join(', ')})` });
    else if (m.year <= zone.year) issues.push({ path: `${at}.year`, message: `is not after zone "${m.zone}" is planted (year ${zone.year}); a measure acts on a planted zone` });
  });
  return issues;
}
