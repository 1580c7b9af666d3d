import { CARBON_UNIT_FIELDS, type CarbonUnitField, type CarbonUnitRow } from '../shared/carbonUnits.js';
import { wccLookupAt, type WccLookup } from '../shared/wccLookup.js';
import type { Spread, StrategyComparison } from '../shared/strategyComparison.js';
import { csvLines } from './csvLines.js';

function fixed(value: number | null, decimals: number): string {
  if (value === null) return '';
  if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number a CSV can hold`);
  const s = value.toFixed(decimals);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

const spreadCells = (s: Spread | null, decimals: number) => (s ? [s.mean, s.p5, s.p95] : [null, null, null]).map((v) => fixed(v, decimals));

export const STRATEGY_COLUMNS = [
  'scenario', 'strategy', 'zone', 'currency', 'area_ha', 'horizon_year',
  'cost_mean', 'cost_p5', 'cost_p95', 'cost_per_ha',
  'stocking_year', 'stocking_per_ha_mean', 'stocking_per_ha_p5', 'stocking_per_ha_p95', 'stocking_target_per_ha', 'p_stocking_target',
  'survival',
  'tco2e_y25_mean', 'tco2e_y25_p5', 'tco2e_y25_p95',
  'tco2e_y50_mean', 'tco2e_y50_p5', 'tco2e_y50_p95',
  'tco2e_horizon_mean', 'tco2e_horizon_p5', 'tco2e_horizon_p95',
  'cost_per_surviving_tree', 'cost_per_tco2e', 'cheapest', 'marginal_cost_per_tco2e',
  'beaten_up_mean', 'beaten_up_p5', 'beaten_up_p95', 'note',
] as const;

/**
 * The strategy table: one row per strategy and zone. Money in the scenario's currency (column
 * `currency`), carbon in tCO2e, survival and shares as fractions 0–1; cost is cumulative to the
 * horizon year and cost per surviving tree is to the stocking year. Empty cells have no value (a
 * year beyond the run, no extra carbon over the cheapest). `beaten_up_*` counts the trees planted in
 * the places of dead ones up to the stocking year; `note` says where a strategy gives the zone no
 * protection of its own.
 */
export function strategiesCsv(c: StrategyComparison): string {
  const rows = c.rows.map((r) => [
    c.scenarioName, r.strategy, r.zone, c.currency, fixed(r.areaHa, 4), String(c.horizonYear),
    ...spreadCells(r.cost, 2), fixed(r.costPerHa, 2),
    String(c.stockingYear), ...spreadCells(r.stocking, 1), fixed(c.stockingTargetPerHa, 1), fixed(r.pStockingTarget, 4),
    fixed(r.survival, 4),
    ...spreadCells(r.carbonY25, 3), ...spreadCells(r.carbonY50, 3), ...spreadCells(r.carbonHorizon, 3),
    fixed(r.costPerSurvivingTree, 4), fixed(r.costPerTco2e, 4), r.cheapest, fixed(r.marginalCostPerTco2e, 4),
    ...spreadCells(r.beatenUp, 1), r.note ?? '',
  ]);
  return csvLines([[...STRATEGY_COLUMNS], ...rows]);
}

/** Pairwise shares: how often `strategy` costs less per tCO2e at the horizon year than `other`, by zone. */
export function strategyPairsCsv(c: StrategyComparison): string {
  const rows = c.pairs.map((p) => [c.scenarioName, p.zone, p.strategy, p.other, String(c.horizonYear), fixed(p.pCheaperPerTonne, 4)]);
  return csvLines([['scenario', 'zone', 'strategy', 'other', 'horizon_year', 'p_cheaper_per_tco2e'], ...rows]);
}

/**
 * The carbon unit schedule: one row per zone and year, each field as p10, p50 and p90 across
 * replicates, tCO2e (1 unit = 1 tCO2e); beside what was sequestered, the Woodland Carbon Code lookup
 * figure for the zone's planting at the lowest and highest yield class (empty where it has none).
 */
export function carbonUnitsCsv(scenarioName: string, rows: readonly CarbonUnitRow[], lookup?: WccLookup): string {
  const cells = (f: CarbonUnitField) => [`${f}_p10`, `${f}_p50`, `${f}_p90`, ...(f === 'sequestered' ? ['wcc_lookup_low', 'wcc_lookup_high'] : [])];
  const header = ['scenario', 'zone', 'year', 'verification', ...CARBON_UNIT_FIELDS.flatMap(cells)];
  const body = rows.map((r) => {
    const wcc = wccLookupAt(lookup, r.zoneIndex, r.year);
    return [
      scenarioName, r.zone, String(r.year), r.verification ? '1' : '0',
      ...CARBON_UNIT_FIELDS.flatMap((f) => [...r.values[f].map((v) => fixed(v, 3)), ...(f === 'sequestered' ? [fixed(wcc?.[0] ?? null, 3), fixed(wcc?.[1] ?? null, 3)] : [])]),
    ];
  });
  return csvLines([header, ...body]);
}
