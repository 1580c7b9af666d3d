import { M, metricIndex } from './metrics.js';
import { quantileSorted, type RunResult } from './runResult.js';

/** What a planting's carbon claim is judged by (the scenario's appraisal.carbonUnits). */
export interface CarbonUnitRules {
  /** tCO2e per hectare per year the land would have taken up without the planting. */
  baselineTco2ePerHaPerYear: number;
  /**
   * tCO2e per hectare of vegetation removed, and of soil carbon lost through ground disturbance, in
   * preparing the site: emitted once, counted from year 1 (WCC Requirements 3.3).
   */
  vegetationRemovedTco2ePerHa: number;
  soilDisturbanceTco2ePerHa: number;
  /** Share of each verified amount held back in the buffer pool, 0–1. */
  buffer: number;
  /** Years units are verified and issued, rising. */
  verificationYears: readonly number[];
}

/**
 * Verification years when a scenario names none: year 5, then every 10 years (5, 15, 25, …), the
 * Woodland Carbon Code's schedule (verification at year 5 and at least every 10 years after).
 */
export function defaultVerificationYears(years: number): number[] {
  const out: number[] = [];
  for (let y = 5; y <= years; y += 10) out.push(y);
  return out;
}

/** The columns of one row of the schedule, each as p10, p50, p90 across replicates (tCO2e). */
export const CARBON_UNIT_FIELDS = ['sequestered', 'establishment_emissions', 'baseline', 'net', 'buffer', 'claimable', 'issued', 'issued_to_date'] as const;
export type CarbonUnitField = (typeof CARBON_UNIT_FIELDS)[number];

export interface CarbonUnitRow {
  zone: string;
  /** The run's index of the zone: 0 the whole site, then each planting zone. */
  zoneIndex: number;
  year: number;
  verification: boolean;
  /** Per field, [p10, p50, p90]. */
  values: Record<CarbonUnitField, [number, number, number]>;
}

/**
 * The yearly schedule of claimable carbon units (1 unit = 1 tCO2e) of each zone and of the whole
 * site. Per replicate: sequestered = carbon in live trees now minus at year 0; establishment
 * emissions = the vegetation removed and the soil carbon lost in preparing the site, per hectare of
 * zone, from year 1 on (the Woodland Carbon Code subtracts them from the project's sequestration at
 * year 1); net = sequestered minus those emissions and minus the baseline to date; buffer = that
 * share of a positive net; claimable = net minus buffer.
 * At each verification year the claimable amount not yet issued is issued (never less than none:
 * a loss is not taken back from units already issued, it delays the next issue). The percentiles are
 * taken field by field across replicates, so the p10 row is not one replicate's path.
 */
export function carbonUnitSchedule(result: RunResult, rules: CarbonUnitRules): CarbonUnitRow[] {
  const zc = result.zones.length;
  const n = result.replicates;
  const areas = [result.zoneAreaHa.reduce((a, b) => a + b, 0), ...result.zoneAreaHa];
  const verify = new Set(rules.verificationYears);
  const rows: CarbonUnitRow[] = [];
  const fields = CARBON_UNIT_FIELDS.map(() => new Float64Array(n));
  const establishmentPerHa = rules.vegetationRemovedTco2ePerHa + rules.soilDisturbanceTco2ePerHa;
  for (let z = 0; z < zc; z++) {
    const issuedToDate = new Float64Array(n);
    for (let year = 0; year <= result.years; year++) {
      for (let r = 0; r < n; r++) {
        const v = result.perReplicate[r];
        const sequestered = v[metricIndex(zc, year, z, M.carbon_tco2e)] - v[metricIndex(zc, 0, z, M.carbon_tco2e)];
        const emissions = year >= 1 ? establishmentPerHa * areas[z] : 0;
        const baseline = rules.baselineTco2ePerHaPerYear * areas[z] * year;
        const net = sequestered - emissions - baseline;
        const buffer = Math.max(0, net) * rules.buffer;
        const claimable = Math.max(0, net) - buffer;
        const issued = verify.has(year) ? Math.max(0, claimable - issuedToDate[r]) : 0;
        issuedToDate[r] += issued;
        const row = [sequestered, emissions, baseline, net, buffer, claimable, issued, issuedToDate[r]];
        for (let f = 0; f < row.length; f++) fields[f][r] = row[f];
      }
      const values = Object.fromEntries(CARBON_UNIT_FIELDS.map((name, f) => [name, percentiles(fields[f])])) as CarbonUnitRow['values'];
      rows.push({ zone: result.zones[z], zoneIndex: z, year, verification: verify.has(year), values });
    }
  }
  return rows;
}

function percentiles(values: Float64Array): [number, number, number] {
  const sorted = Float64Array.from(values).sort();
  return [quantileSorted(sorted, 0.1), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.9)];
}

/** What a scenario's appraisal says of carbon units (its `appraisal.carbonUnits`, defaults applied). */
export interface CarbonUnitsAppraisal {
  carbonUnits: {
    baselineTco2ePerHaPerYear: number;
    vegetationRemovedTco2ePerHa: number;
    soilDisturbanceTco2ePerHa: number;
    buffer: number;
    verificationYears?: readonly number[];
  };
}

/** The rules a scenario's appraisal gives, with the default verification years for its length. */
export function carbonUnitRules(appraisal: CarbonUnitsAppraisal, years: number): CarbonUnitRules {
  const c = appraisal.carbonUnits;
  return {
    baselineTco2ePerHaPerYear: c.baselineTco2ePerHaPerYear,
    vegetationRemovedTco2ePerHa: c.vegetationRemovedTco2ePerHa,
    soilDisturbanceTco2ePerHa: c.soilDisturbanceTco2ePerHa,
    buffer: c.buffer,
    verificationYears: c.verificationYears ?? defaultVerificationYears(years),
  };
}
