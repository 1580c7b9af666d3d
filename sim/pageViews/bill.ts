import { openRing, polygonArea, polylineLength } from '../shared/polygon.js';
import { M, metricIndex } from '../shared/metrics.js';
import type { RunResult } from '../shared/runResult.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { BillLine } from '../hostApi/api.js';

/**
 * The bill of quantities of a plan: trees of each species in each zone (area × density × share),
 * shelters, planting and ground preparation at the zone's rates, maintenance over its years, and
 * fence metres, rebuilds and gates at the fence's effective rates, and deer control over the ground the
 * herd roams (`roamingAreaHa`, which the caller works out on the terrain as a run does). What the plan costs as drawn, before any run; the
 * yearly costs of a run (cost column) add removals and follow the years actually simulated. Given a run, the bill adds what
 * depends on its deaths: the trees beaten up (mean of its replicates).
 */
export function billOfQuantities(resolved: ResolvedScenario, roamingAreaHa = 0, run?: RunResult): BillLine[] {
  const sc = resolved.scenario;
  const beatingUp = resolved.effective.beatingUp;
  const names = new Map(resolved.speciesIds.map((id, i) => [id, resolved.species[i].name]));
  const lines: BillLine[] = [];
  sc.plantings.forEach((p, z) => {
    const rates = resolved.effective.costs.plantings[z];
    const areaHa = polygonArea(openRing(p.polygon)) / 10_000;
    let trees = 0;
    let sheltered = 0;
    for (const m of p.species) {
      const n = Math.round(areaHa * p.density * m.fraction);
      trees += n;
      if (p.shelters && (!p.shelters.species || p.shelters.species.includes(m.species))) sheltered += n;
      lines.push({ item: 'trees', detail: names.get(m.species) ?? m.species, of: p.name, quantity: n, unit: 'trees', rate: null, cost: 0 });
    }
    if (rates.perTree > 0) lines.push({ item: 'planting', detail: 'plants and planting', of: p.name, quantity: trees, unit: 'trees', rate: rates.perTree, cost: trees * rates.perTree });
    if (p.shelters) {
      lines.push({ item: 'shelters', detail: `${p.shelters.height} m shelters`, of: p.name, quantity: sheltered, unit: 'shelters', rate: rates.shelterPerTree, cost: sheltered * rates.shelterPerTree });
    }
    if (run && beatingUp && rates.perTree > 0) {
      // Replants follow the deaths of a run: the mean over its replicates of the trees beaten up.
      let replanted = 0;
      for (let y = 1; y <= run.years; y++) replanted += run.summary.mean[metricIndex(run.zones.length, y, z + 1, M.beaten_up)];
      lines.push({
        item: 'beating up',
        detail: `dead trees replaced in years 1-${beatingUp.years} up to ${beatingUp.targetPerHa.toLocaleString('en-GB')} stems/ha (mean of the run's replicates)`,
        of: p.name,
        quantity: Math.round(replanted),
        unit: 'trees',
        rate: rates.perTree,
        cost: Math.round(replanted) * rates.perTree,
      });
    }
    if (rates.perHectare > 0) lines.push({ item: 'ground', detail: 'ground preparation', of: p.name, quantity: areaHa, unit: 'ha', rate: rates.perHectare, cost: areaHa * rates.perHectare });
    const years = Math.min(rates.maintenanceYears, Math.max(0, sc.years - p.year));
    if (rates.maintenancePerHectarePerYear > 0 && years > 0) {
      lines.push({
        item: 'maintenance',
        detail: `maintenance, ${years} years`,
        of: p.name,
        quantity: areaHa * years,
        unit: 'ha·years',
        rate: rates.maintenancePerHectarePerYear,
        cost: areaHa * years * rates.maintenancePerHectarePerYear,
      });
    }
  });
  sc.fences.forEach((f, fi) => {
    const own = resolved.effective.fences[fi];
    const length = polylineLength(f.closed ? openRing(f.path) : f.path, f.closed);
    lines.push({ item: 'fence', detail: `${own.typeName}`, of: f.name, quantity: length, unit: 'm', rate: own.costPerMetre, cost: length * own.costPerMetre });
    const rebuilds = Number.isFinite(own.renewEveryYears) ? Math.max(0, Math.ceil((Math.min(sc.years + 1, f.removalYear ?? Infinity) - f.installYear) / own.renewEveryYears) - 1) : 0;
    if (rebuilds > 0) {
      lines.push({ item: 'fence renewal', detail: `rebuilt every ${own.renewEveryYears} years`, of: f.name, quantity: length * rebuilds, unit: 'm', rate: own.costPerMetre, cost: length * rebuilds * own.costPerMetre });
    }
    if (own.gates > 0) lines.push({ item: 'gates', detail: 'gates', of: f.name, quantity: own.gates, unit: 'gates', rate: own.gatePerGate, cost: own.gates * own.gatePerGate });
  });
  const control = sc.deerControl;
  const rate = resolved.effective.costs.deerControlPerHectarePerYear;
  if (control && rate > 0 && sc.herbivores.length > 0 && roamingAreaHa > 0) {
    const years = Math.max(0, Math.min(sc.years, control.toYear ?? sc.years) - control.fromYear + 1);
    lines.push({
      item: 'deer control',
      detail: `years ${control.fromYear}–${control.fromYear + years - 1}`,
      of: 'herd',
      quantity: roamingAreaHa * years,
      unit: 'ha·years',
      rate,
      cost: roamingAreaHa * years * rate,
    });
  }
  return lines;
}
