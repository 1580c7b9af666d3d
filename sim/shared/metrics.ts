/**
 * The yearly metrics of a run, in column order. The names carry their units so a CSV needs no legend;
 * `survival`, `canopy_cover` and `above_browse_height` are fractions 0–1.
 */
export const METRICS = [
  'planted',
  'alive',
  'survival',
  'stems_per_ha',
  'mean_height_m',
  'p90_height_m',
  'above_browse_height',
  'browsed',
  'canopy_cover',
  'agb_t',
  'carbon_tco2e',
  'herbivores_inside',
  'fence_breaches',
  'cost',
  'regenerated',
  'herbivore_density_per_km2',
  'basal_area_m2_per_ha',
  'beaten_up',
] as const;

export type MetricName = (typeof METRICS)[number];

export const METRIC_COUNT = METRICS.length;

/** Index of each metric in a row, e.g. `M.alive`. */
export const M: { readonly [K in MetricName]: number } = Object.fromEntries(METRICS.map((m, i) => [m, i])) as never;

/** What each metric means, for documentation and tooltips. */
export const METRIC_DESCRIPTIONS: { readonly [K in MetricName]: string } = {
  planted: 'trees planted so far (count)',
  alive: 'planted trees alive (count)',
  survival: 'alive / planted (fraction 0-1)',
  stems_per_ha: 'live stems per hectare of zone, planted and regenerated',
  mean_height_m: 'mean height of live stems (m)',
  p90_height_m: '90th percentile height of live stems (m)',
  above_browse_height: 'share of live stems taller than the tallest browse height of the herbivores present (fraction 0-1)',
  browsed: 'saplings whose leader was browsed during the year (count)',
  canopy_cover: 'crown cover, 1 - exp(-crown area / zone area) (fraction 0-1)',
  agb_t: 'above-ground dry biomass (tonnes)',
  carbon_tco2e: 'carbon in live trees, above and below ground (tonnes CO2 equivalent)',
  herbivores_inside: 'mean number of herbivores inside the zone during the year',
  fence_breaches: 'fence breaches open at the end of the year (count)',
  cost: 'cumulative cost: planting, shelters, maintenance, fences with gates, upkeep, rebuilds and removal, deer control (currency of the scenario)',
  regenerated: 'naturally regenerated stems alive (count)',
  herbivore_density_per_km2:
    'herbivores simulated per km2: on the whole site (zone all) the herd over the ground it roams; in a zone the mean number inside over the zone area',
  basal_area_m2_per_ha: 'basal area of live stems at breast height per hectare of zone (m2/ha)',
  beaten_up: 'trees planted during the year in the places of dead ones, to hold the stocking target (count)',
};

/**
 * A replicate's metrics: one Float64Array laid out [year][zone][metric], years 0..years inclusive,
 * zone 0 is the whole site ("all") and zone z+1 is planting z.
 */
export function metricIndex(zoneCount: number, year: number, zone: number, metric: number): number {
  return (year * zoneCount + zone) * METRIC_COUNT + metric;
}

/**
 * Each metric in words with its unit, for labels on charts and in messages (the CSV keeps the column
 * names). `cost` is in the scenario's currency, which `metricLabel` fills in.
 */
export const METRIC_LABELS: { readonly [K in MetricName]: { readonly name: string; readonly unit: string } } = {
  planted: { name: 'Trees planted', unit: 'count' },
  alive: { name: 'Trees alive', unit: 'count' },
  survival: { name: 'Survival', unit: 'fraction 0-1' },
  stems_per_ha: { name: 'Stems per hectare', unit: 'stems/ha' },
  mean_height_m: { name: 'Mean height', unit: 'm' },
  p90_height_m: { name: '90th percentile height', unit: 'm' },
  above_browse_height: { name: 'Stems above browse height', unit: 'fraction 0-1' },
  browsed: { name: 'Saplings browsed in the year', unit: 'count' },
  canopy_cover: { name: 'Canopy cover', unit: 'fraction 0-1' },
  agb_t: { name: 'Above-ground biomass', unit: 't dry matter' },
  carbon_tco2e: { name: 'Carbon', unit: 'tCO2e' },
  herbivores_inside: { name: 'Herbivores inside', unit: 'animals' },
  fence_breaches: { name: 'Fence breaches open', unit: 'count' },
  cost: { name: 'Cumulative cost', unit: 'currency' },
  regenerated: { name: 'Regenerated stems alive', unit: 'count' },
  herbivore_density_per_km2: { name: 'Herbivore density', unit: 'animals/km2' },
  basal_area_m2_per_ha: { name: 'Basal area', unit: 'm2/ha' },
  beaten_up: { name: 'Trees beaten up in the year', unit: 'count' },
};

/** A metric's unit: cost's is `currency` (the scenario's), or the words "currency" when none is given. */
export function metricUnit(metric: MetricName, currency = ''): string {
  return metric === 'cost' && currency !== '' ? currency : METRIC_LABELS[metric].unit;
}

/** A metric in words with its unit, e.g. "Carbon, tCO2e" or "Cumulative cost, GBP". */
export function metricLabel(metric: MetricName, currency = ''): string {
  return `${METRIC_LABELS[metric].name}, ${metricUnit(metric, currency)}`;
}
