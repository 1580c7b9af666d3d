import { polylineLength, openRing } from '../geometry/polygon.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/**
 * The costs that do not depend on chance, spread over the years: ground preparation and maintenance
 * of each zone, and each fence's installation, upkeep and removal. A fence's cost is shared equally by
 * the zones it protects; a fence that protects none counts only for the whole site.
 * Per-tree costs (plants, shelters) depend on how many trees were planted and are added by the simulation.
 */
export class CostSchedule {
  /** Cost incurred in each year, laid out [year][zone + 1]; column 0 is the whole site. */
  readonly incurred: Float64Array;
  private readonly columns: number;

  constructor(scenario: ResolvedScenario, zoneAreaHa: Float64Array, fenceZones: readonly number[][]) {
    const sc = scenario.scenario;
    const years = sc.years;
    this.columns = sc.plantings.length + 1;
    this.incurred = new Float64Array((years + 1) * this.columns);

    sc.plantings.forEach((p, z) => {
      this.add(p.year, [z], p.costs.perHectare * zoneAreaHa[z]);
      for (let y = p.year + 1; y <= Math.min(years, p.year + p.costs.maintenanceYears); y++) {
        this.add(y, [z], p.costs.maintenancePerHectarePerYear * zoneAreaHa[z]);
      }
    });

    sc.fences.forEach((f, fi) => {
      const own = scenario.effective.fences[fi];
      const length = polylineLength(f.closed ? openRing(f.path) : f.path, f.closed);
      const zones = fenceZones[fi];
      const removal = f.removalYear ?? Infinity;
      this.add(f.installYear, zones, length * own.costPerMetre);
      const upkeep = length * own.maintenancePerMetrePerYear;
      for (let y = f.installYear + 1; y <= Math.min(years, removal); y++) this.add(y, zones, upkeep);
      if (Number.isFinite(removal)) this.add(removal, zones, length * own.removalCostPerMetre);
    });
  }

  private add(year: number, zones: readonly number[], amount: number): void {
    if (year > this.incurred.length / this.columns - 1 || amount === 0) return;
    const row = year * this.columns;
    this.incurred[row] += amount;
    for (const z of zones) this.incurred[row + z + 1] += amount / zones.length;
  }
}
