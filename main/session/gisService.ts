import type { ExportedFile, GisImport, PlanExportFormat } from '../../sim/hostApi/api.js';
import { GisError } from '../../sim/gis/crs.js';
import { planGeoJson, planGeoPackage } from '../../sim/gis/exportPlan.js';
import { importPlanShapesInThread } from '../../sim/gis/importInThread.js';
import type { LoadedScenario } from '../../sim/scenario/load.js';
import type { ScenarioSources } from './scenarioSources.js';
import type { SiteRegistry } from './siteRegistry.js';

export interface GisServiceOptions {
  /** The open sites: their terrain's CRS and extent, and the plans loaded on them. */
  sites: SiteRegistry;
  /** Names problems and the exported files after the scenario. */
  sources: ScenarioSources;
}

/** GIS in and out of a site: zones and fences read from GIS files, and a plan written as one, in the terrain's CRS. */
export class GisService {
  constructor(private readonly options: GisServiceOptions) {}

  /** The zones and fences of a GIS file, reprojected onto the site's terrain; a file that cannot be read is a problem. */
  async importGis(siteId: string, fileName: string, data: Uint8Array): Promise<GisImport> {
    const site = this.options.sites.get(siteId);
    if (!site) return { ok: false, problems: [{ message: `no open site "${siteId}"; open the scenario again` }] };
    const t = site.terrain;
    try {
      // In a thread of its own: a hostile file costs that thread, not the host's other pages.
      const shapes = await importPlanShapesInThread(fileName, data, {
        crs: t.crs,
        ...(t.crsWkt ? { crsWkt: t.crsWkt } : {}),
        west: t.west,
        north: t.north,
        east: t.west + t.cols * t.cellSize,
        south: t.north - t.rows * t.cellSize,
      });
      return { ok: true, ...shapes };
    } catch (err) {
      if (err instanceof GisError) return { ok: false, problems: [{ file: fileName, message: err.message }] };
      throw err;
    }
  }

  /** The plan's zones and fences as a GIS file in the site's CRS, named after the scenario. */
  async exportPlan(siteId: string, text: string, format: PlanExportFormat): Promise<ExportedFile> {
    const { sites, sources } = this.options;
    const site = sites.get(siteId);
    if (!site) throw new Error(`No open site "${siteId}"; open the scenario again.`);
    let loaded: LoadedScenario;
    try {
      loaded = await sites.loadPlan(site, text, {});
    } catch (err) {
      throw new Error(`The plan cannot be exported until its problems are fixed: ${sources.problemsFor(err, site.source).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`);
    }
    const scenario = loaded.resolved.scenario;
    const base = sources.baseNameOf(site.source);
    const crs = { crs: site.terrain.crs, ...(site.terrain.crsWkt ? { crsWkt: site.terrain.crsWkt } : {}) };
    if (format === 'geojson') return { fileName: `${base}-plan.geojson`, mimeType: 'application/geo+json', content: planGeoJson(scenario, crs) };
    if (format === 'gpkg') return { fileName: `${base}-plan.gpkg`, mimeType: 'application/geopackage+sqlite3', content: await planGeoPackage(scenario, crs) };
    throw new Error(`Unknown plan format "${String(format)}"; choose geojson or gpkg.`);
  }
}
