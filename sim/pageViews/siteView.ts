import { openRing, polygonArea, polylineLength } from '../shared/polygon.js';
import { roamingAreaKm2 } from '../model/roaming.js';
import { zonesInsideFence } from '../model/site.js';
import { siteWarnings } from '../model/feasibility.js';
import { billOfQuantities } from './bill.js';
import { carbonUnitRules } from '../shared/carbonUnits.js';
import { wccLookupOf } from '../scenario/wccTables.js';
import { suitabilityMap } from './suitabilityMaps.js';
import type { LoadedScenario } from '../scenario/load.js';
import { type Terrain, terrainSouth } from '../terrain/terrain.js';
import type { PlanView, SiteView, TerrainView } from '../hostApi/api.js';

/** The ground of a site for the 3D view, sent to the page once per site. */
export function describeTerrain(terrain: Terrain): TerrainView {
  let minElevation = Infinity;
  let maxElevation = -Infinity;
  for (const e of terrain.elevation) {
    if (e < minElevation) minElevation = e;
    if (e > maxElevation) maxElevation = e;
  }
  return {
    cols: terrain.cols,
    rows: terrain.rows,
    cellSize: terrain.cellSize,
    west: terrain.west,
    south: terrainSouth(terrain),
    crs: terrain.crs,
    // Copies: the terrain's own rasters live in SharedArrayBuffers shared with workers.
    elevation: Float32Array.from(terrain.elevation),
    slope: Float32Array.from(terrain.slope),
    minElevation: Number.isFinite(minElevation) ? minElevation : 0,
    maxElevation: Number.isFinite(maxElevation) ? maxElevation : 0,
  };
}

/** Describes a loaded scenario's plan for the 3D view and panels: the page draws it before (and while) it runs. */
export function describePlan(loaded: LoadedScenario): PlanView {
  const { resolved, terrain } = loaded;
  const sc = resolved.scenario;
  const { effective } = resolved;
  const browseHeight = effective.maxBrowseHeight;
  const suitability = resolved.species.map((species) => suitabilityMap(terrain, species));

  const fenceZoneNames = sc.fences.map((_, fi) => zonesInsideFence(sc, fi));
  return {
    name: sc.name,
    currency: effective.costs.currency,
    description: sc.description ?? '',
    seed: sc.seed,
    years: sc.years,
    replicates: sc.replicates,
    suitability,
    // Deer control is costed over the ground the herd roams, which only the site knows.
    bill: billOfQuantities(resolved, sc.deerControl && sc.herbivores.length > 0 ? roamingAreaKm2(resolved, terrain) * 100 : 0),
    warnings: siteWarnings(resolved, terrain).map((w) => ({ message: w.message, path: w.path })),
    carbonUnits: carbonUnitRules(sc.appraisal, sc.years),
    wccLookup: wccLookupOf(resolved),
    species: resolved.species.map((p, i) => ({
      id: resolved.speciesIds[i],
      name: p.name,
      form: p.form,
      browseHeight,
    })),
    zones: sc.plantings.map((p, z) => ({
      name: p.name,
      zoneIndex: z + 1,
      polygon: openRing(p.polygon).map(([x, y]) => [x, y] as [number, number]),
      areaHa: polygonArea(openRing(p.polygon)) / 10_000,
      density: p.density,
      year: p.year,
      species: p.species.map((s) => ({ id: s.species, fraction: s.fraction })),
      fences: sc.fences.filter((_, fi) => fenceZoneNames[fi].includes(p.name)).map((f) => f.name),
    })),
    fences: sc.fences.map((f, fi) => {
      const own = effective.fences[fi];
      const path = f.closed ? openRing(f.path) : f.path;
      return {
        name: f.name,
        type: f.type,
        typeName: own.typeName,
        path: path.map(([x, y]) => [x, y] as [number, number]),
        closed: f.closed,
        installYear: f.installYear,
        removeYear: f.removalYear ?? null,
        lengthM: polylineLength(path, f.closed),
        heightM: own.heightM,
        costPerMetre: own.costPerMetre,
        maintenancePerMetrePerYear: own.maintenancePerMetrePerYear,
        breachRatePerKmPerYear: own.breachRatePerKmPerYear,
        repairDelayDays: own.repairDelayDays,
        protects: fenceZoneNames[fi],
      };
    }),
    herbivores: sc.herbivores.map((h) => ({
      kind: h.kind,
      name: resolved.herbivoreKinds[h.kind].name,
      densityPerKm2: h.densityPerKm2 ?? null,
      count: h.count ?? null,
    })),
  };
}

/** A loaded scenario's ground and plan together, as the page shows them. */
export function describeSite(loaded: LoadedScenario): SiteView {
  return { ...describePlan(loaded), terrain: describeTerrain(loaded.terrain) };
}
