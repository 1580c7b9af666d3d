import { polylineLength, openRing } from '../shared/polygon.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/**
 * The costs that do not depend on chance, spread over the years: ground preparation and maintenance
 * of each zone, each fence's installation with its gates, upkeep, rebuilds and removal, and deer control. A
 * fence's cost is shared equally by the zones it protects; a fence that protects none counts only for
 * the whole site. Deer control acts on the whole herd, so it is costed over the ground the herd roams
 * and shared among the zones by area. Per-tree costs (plants, shelters) depend on how many trees were
 * planted and are added by the simulation.
 */
export class CostSchedule {
  /** Cost incurred in each year, laid out [year][zone + 1]; column 0 is the whole site. */
  readonly incurred: Float64Array;
  private readonly columns: number;

  constructor(scenario: ResolvedScenario, zoneAreaHa: Float64Array, fenceZones: readonly number[][], roamingAreaHa: number) {
    const sc = scenario.scenario;
    const rates = scenario.effective.costs;
    const years = sc.years;
    this.columns = sc.plantings.length + 1;
    this.incurred = new Float64Array((years + 1) * this.columns);

    sc.plantings.forEach((p, z) => {
      const own = rates.plantings[z];
      this.add(p.year, [z], own.perHectare * zoneAreaHa[z]);
      for (let y = p.year + 1; y <= Math.min(years, p.year + own.maintenanceYears); y++) {
        this.add(y, [z], own.maintenancePerHectarePerYear * zoneAreaHa[z]);
      }
    });

    sc.fences.forEach((f, fi) => {
      const own = scenario.effective.fences[fi];
      const length = polylineLength(f.closed ? openRing(f.path) : f.path, f.closed);
      const zones = fenceZones[fi];
      const removal = f.removalYear ?? Infinity;
      this.add(f.installYear, zones, length * own.costPerMetre + own.gates * own.gatePerGate);
      // A rebuild costs what the fence did new, and falls due every renewEveryYears while it stands.
      for (let y = f.installYear + own.renewEveryYears; y < Math.min(years + 1, removal); y += own.renewEveryYears) {
        this.add(y, zones, length * own.costPerMetre);
      }
      const upkeep = length * own.maintenancePerMetrePerYear;
      for (let y = f.installYear + 1; y <= Math.min(years, removal); y++) this.add(y, zones, upkeep);
      if (Number.isFinite(removal)) this.add(removal, zones, length * own.removalCostPerMetre);
    });

    // A cull measure's control, from its year to the run's end, over the ground the herds roam.
    sc.measures.forEach((m, k) => {
      if (m.type !== 'cull' || sc.herbivores.length === 0) return;
      const yearly = rates.measures[k] * roamingAreaHa;
      const planted = zoneAreaHa.reduce((a, b) => a + b, 0);
      for (let y = m.year; y <= years; y++) {
        const row = y * this.columns;
        this.incurred[row] += yearly;
        for (let z = 0; z < zoneAreaHa.length; z++) this.incurred[row + z + 1] += planted > 0 ? (yearly * zoneAreaHa[z]) / planted : 0;
      }
    });

    const control = sc.deerControl;
    if (control && rates.deerControlPerHectarePerYear > 0 && sc.herbivores.length > 0) {
      const yearly = rates.deerControlPerHectarePerYear * roamingAreaHa;
      const planted = zoneAreaHa.reduce((a, b) => a + b, 0);
      for (let y = control.fromYear; y <= Math.min(years, control.toYear ?? years); y++) {
        const row = y * this.columns;
        this.incurred[row] += yearly;
        for (let z = 0; z < zoneAreaHa.length; z++) this.incurred[row + z + 1] += planted > 0 ? (yearly * zoneAreaHa[z]) / planted : 0;
      }
    }
  }

  private add(year: number, zones: readonly number[], amount: number): void {
    if (year > this.incurred.length / this.columns - 1 || amount === 0) return;
    const row = year * this.columns;
    this.incurred[row] += amount;
    for (const z of zones) this.incurred[row + z + 1] += amount / zones.length;
  }
}
