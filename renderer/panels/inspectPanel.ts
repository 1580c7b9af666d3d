import type { FenceView, SiteView, SpeciesView, ZoneView } from '../../sim/hostApi/api.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import type { TreeInfo } from '../scene/forestFrames.js';

const STATUS = ['not planted yet', 'alive', 'dead'];

function rows(box: HTMLElement, title: string, entries: [string, string][]): void {
  const h = document.createElement('h3');
  h.textContent = title;
  const dl = document.createElement('dl');
  for (const [k, v] of entries) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  box.replaceChildren(h, dl);
}

const fmt = (v: number, digits = 0) => v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `zone` is the index in site.zones of the zone the tree stands in, or −1. */
export function inspectTree(box: HTMLElement, site: SiteView, index: number, info: TreeInfo, zone: number, year: number): void {
  const species = site.species[info.species];
  const zoneName = zone >= 0 ? site.zones[zone].name : 'outside the planting zones';
  const browsed = info.browsedYears;
  rows(box, `Tree ${index}`, [
    ['Species', species ? species.name : String(info.species)],
    ['Zone', zoneName],
    ['Origin', info.zone > 0 ? 'planted' : 'naturally regenerated'],
    ['Status', STATUS[info.status] ?? String(info.status)],
    ['Height', `${fmt(info.height, 2)} m`],
    ['Age', info.age >= 0 ? `${info.age} years` : '—'],
    ['Browsed', browsed.length === 0 ? 'never' : `${browsed.length}× (years ${browsed.join(', ')})`],
    ['Year shown', String(year)],
  ]);
}

/** A zone's own figures at the shown year: medians across replicates when results are in. */
export function inspectZone(box: HTMLElement, zone: ZoneView, result: RunResult | null, year: number, species: readonly SpeciesView[] = []): void {
  const nameOf = (id: string) => species.find((s) => s.id === id)?.name ?? id;
  const entries: [string, string][] = [
    ['Area', `${fmt(zone.areaHa, 1)} ha`],
    ['Density', `${fmt(zone.density)} stems/ha`],
    ['Planted in', `year ${zone.year}`],
    ['Species', zone.species.map((s) => `${nameOf(s.id)} ${fmt(s.fraction * 100)}%`).join(', ')],
    ['Fences', zone.fences.length ? zone.fences.join(', ') : 'none'],
  ];
  if (result && year <= result.years) {
    const at = metricIndex(result.zones.length, year, zone.zoneIndex, 0);
    const v = result.summary.p50;
    entries.push(
      [`Survival (yr ${year})`, `${fmt(v[at + M.survival] * 100)}%`],
      ['Stems/ha', fmt(v[at + M.stems_per_ha])],
      ['Mean height', `${fmt(v[at + M.mean_height_m], 1)} m`],
      ['Carbon', `${fmt(v[at + M.carbon_tco2e])} tCO2e`],
      ['Browsed this year', fmt(v[at + M.browsed])],
      ['Cost so far', `${fmt(v[at + M.cost])} ${result.currency}`],
    );
  }
  rows(box, `Zone "${zone.name}"`, entries);
}

export function inspectFence(box: HTMLElement, fence: FenceView, breachesNow: number, year: number, currency = ''): void {
  const standing = year >= fence.installYear && (fence.removeYear === null || year < fence.removeYear);
  rows(box, `Fence "${fence.name}"`, [
    ['Type', fence.typeName],
    ['Length', `${fmt(fence.lengthM)} m`],
    ['Height', `${fmt(fence.heightM, 1)} m`],
    ['State', standing ? `standing, ${year - fence.installYear} years old` : year < fence.installYear ? `installed in year ${fence.installYear}` : `removed in year ${fence.removeYear}`],
    ['Open breaches', standing ? String(breachesNow) : '—'],
    ['Cost to build', `${fmt(fence.lengthM * fence.costPerMetre)} ${currency}`.trim()],
    ['Upkeep per year', `${fmt(fence.lengthM * fence.maintenancePerMetrePerYear)} ${currency}`.trim()],
    ['Breach rate', `${fmt(fence.breachRatePerKmPerYear, 1)} per km per year`],
    ['Protects', fence.protects.length ? fence.protects.join(', ') : '—'],
  ]);
}

export function siteSummary(box: HTMLElement, site: SiteView, run: { seed: number; replicates: number }): void {
  const t = site.terrain;
  rows(box, site.name, [
    ['Terrain', `${fmt((t.cols * t.cellSize) / 1000, 1)} × ${fmt((t.rows * t.cellSize) / 1000, 1)} km, ${t.cellSize} m cells (${t.crs})`],
    ['Elevation', `${fmt(t.minElevation)}–${fmt(t.maxElevation)} m`],
    ['Zones', site.zones.map((z) => z.name).join(', ') || 'none'],
    ['Fences', site.fences.map((f) => f.name).join(', ') || 'none'],
    ['Herbivores', site.herbivores.map((h) => (h.densityPerKm2 !== null ? `${h.name} ${h.densityPerKm2}/km²` : `${h.name} ×${h.count}`)).join(', ') || 'none'],
    ['Run', `${run.replicates} replicates × ${site.years} years, seed ${run.seed}`],
  ]);
}
