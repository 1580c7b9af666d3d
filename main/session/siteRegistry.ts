import { randomUUID } from 'node:crypto';
import type { PlanCheck, ScenarioSource, SiteResult, TerrainView } from '../../sim/hostApi/api.js';
import { describePlan, describeTerrain } from '../../sim/pageViews/siteView.js';
import { ScenarioError, issueFromZod } from '../../sim/scenario/issues.js';
import { applyRunOverrides, type LoadedScenario, loadScenario, loadTerrain, parseScenarioText, type RunOverrides, terrainKey } from '../../sim/scenario/load.js';
import { terrainSpecSchema } from '../../sim/scenario/schema.js';
import { TerrainError } from '../../sim/terrain/errors.js';
import type { Terrain } from '../../sim/terrain/terrain.js';
import type { ReadPolicy } from './readPolicy.js';
import type { ScenarioSources } from './scenarioSources.js';

/** A site the page opened: its terrain, loaded once, and where the plans on it resolve their paths. */
export interface OpenSite {
  siteId: string;
  source: ScenarioSource;
  baseDir: string;
  /** The terrain's identity (spec, folder and, for a procedural terrain, seed): `terrainKey`. */
  key: string;
  terrain: Terrain;
  view: TerrainView;
  /** Plans resolved on this site by their text and a run's overrides, least recently used first. */
  plans: Map<string, Promise<LoadedScenario>>;
}

export interface SiteRegistryOptions {
  /** Names scenarios and finds the folders their paths resolve against. */
  sources: ScenarioSources;
  /** Which terrain files may be read. */
  readPolicy: ReadPolicy;
}

/** Sites kept open (the least recently used goes first); a closed one is opened again when asked for. */
const MAX_OPEN_SITES = 8;
/** Resolved plans kept per site: the one checked is the one run, and undo and redo find theirs. */
const MAX_PLANS_PER_SITE = 16;

/**
 * The sites pages opened, each terrain read and derived once however many scenarios and plans are
 * on it, and the plans loaded on them: an edited plan is checked and run on its site's terrain, which
 * is not read again.
 */
export class SiteRegistry {
  /** Open sites by id, least recently used first. */
  private readonly sites = new Map<string, OpenSite>();
  private filesRead = 0;
  private resolutions = 0;

  constructor(private readonly options: SiteRegistryOptions) {}

  /** Terrain files read so far (procedural terrains are drawn, not read): what the cache saves. */
  get terrainFilesRead(): number {
    return this.filesRead;
  }

  /** The open site of that id, if it is still open; looking does not count as a use. */
  get(siteId: string): OpenSite | undefined {
    return this.sites.get(siteId);
  }

  /**
   * Opens the terrain a scenario names, or finds it open already (same spec, folder and, for a
   * procedural terrain, seed): the file is read and slope and wetness derived once per site.
   */
  async openSite(source: ScenarioSource, text: string): Promise<SiteResult> {
    try {
      const site = await this.siteFor(source, text);
      return { ok: true, siteId: site.siteId, source, terrain: site.view };
    } catch (err) {
      return { ok: false, problems: this.options.sources.problemsFor(err, source) };
    }
  }

  /** A plan's problems on its site, or what it plants and fences there. */
  async checkPlan(siteId: string, text: string): Promise<PlanCheck> {
    const site = this.sites.get(siteId);
    if (!site) return { ok: false, problems: [{ message: `no open site "${siteId}"; open the scenario again` }] };
    try {
      return { ok: true, plan: describePlan(await this.loadPlan(site, text, {})) };
    } catch (err) {
      return { ok: false, problems: this.options.sources.problemsFor(err, site.source) };
    }
  }

  /**
   * Parses a plan, applies a run's overrides as `reforest run` does and validates it on its site's
   * terrain, which is not loaded again. A plan naming another terrain belongs to another site. A plan
   * is resolved once per content (its text and the overrides): a run of the plan just checked, or a
   * plan undone back to, finds it resolved. The resolved plan is shared and never changed by its users.
   */
  async loadPlan(site: OpenSite, text: string, overrides: RunOverrides): Promise<LoadedScenario> {
    const label = this.options.sources.labelOf(site.source);
    const json = parseScenarioText(text, label);
    applyRunOverrides(json, overrides);
    // The plan as it will run: a run's seed equal to the plan's own finds the plan its check resolved.
    const key = JSON.stringify(json);
    const known = site.plans.get(key);
    if (known) {
      site.plans.delete(key);
      site.plans.set(key, known);
      return known;
    }
    const loading = this.resolvePlan(site, json, label);
    site.plans.set(key, loading);
    while (site.plans.size > MAX_PLANS_PER_SITE) site.plans.delete(site.plans.keys().next().value!);
    // Only a resolved plan is kept: a plan refused is worked out again when asked.
    loading.catch(() => site.plans.get(key) === loading && site.plans.delete(key));
    return loading;
  }

  /** Resolutions so far on every site, cached ones not counted: what the plan cache saves. */
  get plansResolved(): number {
    return this.resolutions;
  }

  private async resolvePlan(site: OpenSite, json: unknown, label: string): Promise<LoadedScenario> {
    this.resolutions++;
    const raw = (json && typeof json === 'object' && !Array.isArray(json) ? json : {}) as { terrain?: unknown; seed?: unknown };
    const spec = terrainSpecSchema.safeParse(raw.terrain);
    const seed = typeof raw.seed === 'number' ? raw.seed : 0;
    if (spec.success && terrainKey(spec.data, site.baseDir, seed) !== site.key) {
      throw new ScenarioError([{ path: 'terrain', message: 'names a different terrain from the open site; open it as a site of its own' }], label);
    }
    const terrainCache = new Map([[site.key, Promise.resolve(site.terrain)]]);
    return loadScenario(json, { baseDir: site.baseDir, label, mayRead: this.options.readPolicy.mayRead, terrainCache });
  }

  private async siteFor(source: ScenarioSource, text: string): Promise<OpenSite> {
    const { sources, readPolicy } = this.options;
    const label = sources.labelOf(source);
    const json = parseScenarioText(text, label);
    applyRunOverrides(json, {});
    const raw = (json && typeof json === 'object' && !Array.isArray(json) ? json : {}) as { terrain?: unknown; seed?: unknown };
    const spec = terrainSpecSchema.safeParse(raw.terrain, { reportInput: true });
    if (!spec.success) throw new ScenarioError(spec.error.issues.map((i) => issueFromZod(i, ['terrain'])), label);
    const seed = typeof raw.seed === 'number' && Number.isInteger(raw.seed) && raw.seed >= 0 ? raw.seed : 0;
    const baseDir = sources.baseDirOf(source);
    const key = terrainKey(spec.data, baseDir, seed);
    const sourceKey = JSON.stringify(source);
    for (const site of this.sites.values()) {
      if (site.key !== key || JSON.stringify(site.source) !== sourceKey) continue;
      this.sites.delete(site.siteId);
      this.sites.set(site.siteId, site);
      return site;
    }
    // Another scenario on the same terrain shares it: a site is its source (for names and paths) on a terrain.
    let ground = [...this.sites.values()].find((site) => site.key === key);
    if (!ground) {
      let terrain: Terrain;
      try {
        if (spec.data.type !== 'procedural') this.filesRead++;
        terrain = await loadTerrain(spec.data, baseDir, seed, readPolicy.mayRead);
      } catch (err) {
        if (!(err instanceof TerrainError)) throw err;
        throw new ScenarioError([{ path: spec.data.type === 'procedural' ? 'terrain' : 'terrain.path', message: err.message }], label);
      }
      ground = { siteId: '', source, baseDir, key, terrain, view: describeTerrain(terrain), plans: new Map() };
    }
    const site: OpenSite = { siteId: randomUUID(), source, baseDir, key, terrain: ground.terrain, view: ground.view, plans: new Map() };
    this.sites.set(site.siteId, site);
    while (this.sites.size > MAX_OPEN_SITES) this.sites.delete(this.sites.keys().next().value!);
    return site;
  }
}
