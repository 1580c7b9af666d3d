import type { HostApi, ScenarioProblem, ScenarioSource, SiteResult, SiteView, TerrainView } from '../../sim/hostApi/api.js';
import type { OpenPlan } from './editorController.js';

/** A scenario opened as a plan on its site, or what stops it opening. */
export type Opened = { ok: true; plan: OpenPlan } | { ok: false; problems: ScenarioProblem[] };

/**
 * The sites the page has opened on the host, and plans checked on them. Each site's terrain view is
 * kept once, by site id, so every plan on it carries the same object and the scene keeps its ground;
 * a plan checked on a site already open reads and sends nothing of the terrain again.
 */
export class Sites {
  /** Terrain views of the sites opened, by site id. */
  private readonly terrains = new Map<string, TerrainView>();

  constructor(private readonly host: HostApi) {}

  /** Opens a scenario's site (once per terrain) and checks the scenario as a plan on it. */
  async open(source: ScenarioSource, text: string): Promise<Opened> {
    const site = await this.host.openSite(source, text);
    if (!site.ok) return site;
    if (!this.terrains.has(site.siteId)) this.terrains.set(site.siteId, site.terrain);
    return this.check(site.siteId, source, text);
  }

  /** Checks a plan on a site already open. */
  async check(siteId: string, source: ScenarioSource, text: string): Promise<Opened> {
    const check = await this.host.checkPlan(siteId, text);
    if (!check.ok) return check;
    return { ok: true, plan: { source, siteId, text, site: { ...check.plan, terrain: this.terrains.get(siteId)! } } };
  }

  /** Opens a built-in example as a plan. */
  async example(id: string): Promise<Opened> {
    const example = await this.host.readExample(id);
    return example.ok ? this.open(example.source, example.text) : example;
  }

  /** Opens the site of a plan not ready to check yet (a new site, with no zone drawn); its terrain is the one kept from now on. */
  async openBare(source: ScenarioSource, text: string): Promise<SiteResult> {
    const site = await this.host.openSite(source, text);
    if (site.ok) this.terrains.set(site.siteId, site.terrain);
    return site;
  }
}

/** What the map draws of a new site before any zone: its ground, named and set up as its scenario says. */
export function bareSite(text: string, terrain: TerrainView): SiteView {
  const json = JSON.parse(text) as { name: string; description: string; seed: number; years: number; replicates: number };
  // No zone yet: no carbon to judge, so the Code's defaults stand in (no baseline, a 20% buffer).
  const carbonUnits = { baselineTco2ePerHaPerYear: 0, vegetationRemovedTco2ePerHa: 0, soilDisturbanceTco2ePerHa: 0, buffer: 0.2, verificationYears: [] };
  const wccLookup = { years: json.years, low: [], high: [], tables: [] };
  return { ...json, currency: '', terrain, species: [], suitability: [], zones: [], fences: [], herbivores: [], bill: [], warnings: [], carbonUnits, wccLookup };
}
