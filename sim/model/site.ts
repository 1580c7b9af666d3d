import { openRing, pointInPolygon, polygonArea, boundsOf, type Point } from '../shared/polygon.js';
import { startingAnimals, type EffectiveKind } from '../scenario/effective.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Scenario } from '../scenario/schema.js';
import type { Terrain } from '../terrain/terrain.js';
import { CostSchedule } from './costs.js';
import { SiteGrid, type TreeIndex } from './grid.js';
import { fenceCells, WalkableGround } from './ground.js';
import { FenceNetwork } from './fences.js';
import { FieldSite } from './herbivores/fieldSite.js';
import type { CompetitionField } from './competition.js';
import type { TreeStore } from './trees.js';
import { maskedAreaKm2, walkableCells } from './roaming.js';
import { ReplicateWorkspace } from './workspace.js';
import { SpeciesTable } from './species.js';

/** The working state of a replicate that is reused from one replicate to the next. */
export interface ReplicateScratch {
  trees: TreeStore;
  index: TreeIndex;
  field: CompetitionField;
  forage: Float32Array;
  fences: FenceNetwork;
}

/** Resolution of the leader-browsing tables, m (a power of two, so a look-up multiplies rather than divides). */
const PROFILE_STEP = 1 / 128;
const PER_PROFILE_STEP = 128;

/**
 * Everything about a scenario that is the same in every replicate: terrain, grids, zones, species
 * tables, costs. Built once per worker thread and shared by the replicates it runs.
 */
export class Site {
  readonly terrain: Terrain;
  readonly grid: SiteGrid;
  readonly species: SpeciesTable;
  readonly zoneNames: readonly string[];
  readonly zoneRings: readonly Point[][];
  /** Hectares of each planting zone. */
  readonly zoneAreaHa: Float64Array;
  /** Planting zone + 1 at each site-grid cell centre, 0 outside every zone. */
  readonly zoneOfCell: Uint16Array;
  readonly kinds: readonly EffectiveKind[];
  /** Tallest browse height among the herbivores present (0 when there are none). */
  readonly maxBrowseHeight: number;
  /** Per kind, the leader-browsing profile in PROFILE_STEP classes up to maxBrowseHeight. */
  private readonly leaderProfile: Float64Array;
  private readonly profileStride: number;
  /** Per kind, the tallest sapling it feeds on, m. */
  private readonly reach: Float64Array;
  /** Per population: animals it starts with and keeps unless growth or culling is given. */
  readonly populationStart: readonly number[];
  /** km² of ground any population may use (the union of their areas). */
  readonly roamingAreaKm2: number;
  readonly costs: CostSchedule;
  /** Planting zones (index) that each fence is attributed to. */
  readonly fenceZones: readonly number[][];
  /** Herbivore kind code of each population. */
  readonly populationKind: readonly number[];
  /**
   * Per population: 1 on site-grid cells its animals may stand on (on the site, inside its area,
   * not steeper than its kind avoids), so a movement step needs one lookup.
   */
  readonly walkable: readonly Uint8Array[];
  /** Per population: its walkable cells with the path test movement uses. */
  get ground(): readonly WalkableGround[] {
    if (!this.grounds) {
      // Built when the walk first asks: the field needs no path tests.
      const sc = this.scenario.scenario;
      const fenced = sc.fences.length > 0 ? fenceCells(this.grid, fenceSegments(sc)) : undefined;
      this.grounds = this.walkable.map((mask) => new WalkableGround(this.grid, mask, fenced));
    }
    return this.grounds;
  }
  private grounds: WalkableGround[] | null = null;
  /** Per population: km² of ground it may use. */
  readonly populationAreaKm2: Float64Array;
  readonly closedFences: readonly { fence: number; ring: Point[] }[];
  /** Days between fence inspections, when animals found inside an exclosure are driven out: the shortest repair delay of the closed fences. */
  readonly inspectionDays: number;
  /** Per population: closed fences around its area (its paddock: the area's centre lies inside), which do not exclude it. */
  readonly enclosures: readonly Set<number>[];

  /**
   * `workspace` holds the big working arrays; a thread that runs many sites passes its own, so they
   * share one set. By default the site has its own.
   */
  constructor(
    readonly scenario: ResolvedScenario,
    terrain: Terrain,
    private readonly workspace: ReplicateWorkspace = new ReplicateWorkspace(),
  ) {
    const sc = scenario.scenario;
    this.terrain = terrain;
    this.grid = new SiteGrid(terrain);
    this.species = new SpeciesTable(scenario.species, { establishment: scenario.processes.establishment.growthByYear });
    this.zoneNames = sc.plantings.map((p) => p.name);
    this.zoneRings = sc.plantings.map((p) => openRing(p.polygon));
    this.zoneAreaHa = Float64Array.from(this.zoneRings, (r) => polygonArea(r) / 10_000);
    this.zoneOfCell = rasterizeZones(this.grid, this.zoneRings);

    const kindIds = [...new Set(sc.herbivores.map((h) => h.kind))];
    this.kinds = kindIds.map((id) => scenario.effective.kinds[id]);
    this.maxBrowseHeight = this.kinds.reduce((m, k) => Math.max(m, k.browseHeight), 0);
    this.profileStride = Math.ceil(this.maxBrowseHeight / PROFILE_STEP) + 1;
    this.leaderProfile = new Float64Array(this.kinds.length * this.profileStride);
    this.kinds.forEach((k, ki) => {
      for (let i = 0; i < this.profileStride; i++) {
        const h = i * PROFILE_STEP;
        this.leaderProfile[ki * this.profileStride + i] = h < k.browseHeight ? profileAt(k.browseProfile, h / k.browseHeight) : 0;
      }
    });
    this.reach = Float64Array.from(this.kinds, (k) => k.browseHeight);

    const zoneIndex = new Map(this.zoneNames.map((n, i) => [n, i]));
    this.fenceZones = sc.fences.map((_, fi) => zonesInsideFence(sc, fi).map((n) => zoneIndex.get(n)!).filter((i) => i !== undefined));

    const kindIndex = new Map(this.kinds.map((k, i) => [k.id, i]));
    this.populationKind = sc.herbivores.map((h) => kindIndex.get(h.kind)!);
    this.walkable = sc.herbivores.map((h, pop) => walkableCells(this.grid, terrain, this.kinds[this.populationKind[pop]].slopeLimit, h.area));
    this.populationAreaKm2 = Float64Array.from(this.walkable, (mask) => {
      let cells = 0;
      for (let c = 0; c < mask.length; c++) cells += mask[c];
      return (cells * this.grid.cellSize * this.grid.cellSize) / 1e6;
    });
    this.populationStart = sc.herbivores.map((h, pop) => startingAnimals(h, this.populationAreaKm2[pop]));
    this.roamingAreaKm2 = maskedAreaKm2(this.grid, this.walkable);
    this.costs = new CostSchedule(scenario, this.zoneAreaHa, this.fenceZones, this.roamingAreaKm2 * 100);
    this.closedFences = sc.fences.flatMap((f, fence) => (f.closed ? [{ fence, ring: openRing(f.path) }] : []));
    this.inspectionDays = Math.max(
      1,
      Math.min(365, ...this.closedFences.map(({ fence }) => scenario.effective.fences[fence].repairDelayDays)),
    );
    this.enclosures = sc.herbivores.map((h) => {
      const area = h.area;
      if (!area) return new Set<number>();
      const cx = area.reduce((a, p) => a + p[0], 0) / area.length;
      const cy = area.reduce((a, p) => a + p[1], 0) / area.length;
      return new Set(this.closedFences.filter(({ ring }) => pointInPolygon(ring, cx, cy)).map(({ fence }) => fence));
    });
  }

  /**
   * How much an animal of kind `kind` wants to feed on a sapling of species `sp` at height `h`: the
   * species' palatability within the kind's reach (below its browse line), 0 above it. What it eats is
   * chosen by this weight; whether a feeding visit takes the leader is `leaderChance`.
   */
  feedWeight(kind: number, sp: number, h: number): number {
    return h < this.reach[kind] ? this.species.palatability[sp] : 0;
  }

  /**
   * The chance that a feeding visit to a sapling of height `h` takes its leader: the kind's
   * leader-browsing profile by height (heaviest on saplings of 30–50 cm, rare above 80 cm for deer;
   * assets/library/herbivores.json), 0 out of reach. The model's browsing is leader browsing: what
   * sets a sapling back and can kill it.
   */
  leaderChance(kind: number, h: number): number {
    const i = (h * PER_PROFILE_STEP) | 0;
    if (i >= this.profileStride) return 0;
    return this.leaderProfile[kind * this.profileStride + i];
  }

  private fences: FenceNetwork | null = null;
  private field: FieldSite | null = null;

  /** What the herbivore field keeps of this site between replicates (its grid, kernels and fenced areas), built when first asked for. */
  fieldSite(): FieldSite {
    this.field ??= new FieldSite(this);
    return this.field;
  }

  /**
   * The working state of a replicate, emptied: the trees and grid arrays from the thread's workspace
   * (reused, so a replicate allocates and faults in no new memory), this site's fences reset.
   */
  replicateScratch(treeCapacity: number): ReplicateScratch {
    const sc = this.scenario.scenario;
    if (!this.fences) {
      const { stepsPerDay, daysPerYear } = sc.herbivoreSteps;
      const longestStep = this.kinds.reduce((m, k) => Math.max(m, k.dailyMovement / stepsPerDay), 0);
      this.fences = new FenceNetwork({
        fences: sc.fences,
        fenceTypes: this.scenario.fenceTypes,
        kinds: this.kinds.map((k) => k.id),
        daysPerYear,
        cellSize: Math.max(20, longestStep * 1.01),
      });
    } else {
      this.fences.reset();
    }
    const { index, field } = this.workspace.gridArrays(this.grid, this.scenario.processes.standDensity);
    return {
      trees: this.workspace.treeStore(treeCapacity),
      index,
      field,
      forage: this.workspace.forageScratch(2 * this.grid.cellCount * Math.max(1, this.kinds.length)),
      fences: this.fences,
    };
  }

  get zoneCount(): number {
    return this.zoneNames.length;
  }
}

function rasterizeZones(grid: SiteGrid, rings: readonly Point[][]): Uint16Array {
  const out = new Uint16Array(grid.cellCount);
  rings.forEach((ring, z) => {
    const b = boundsOf(ring);
    const c0 = Math.max(0, Math.floor((b.minX - grid.west) / grid.cellSize));
    const c1 = Math.min(grid.cols - 1, Math.floor((b.maxX - grid.west) / grid.cellSize));
    const r0 = Math.max(0, Math.floor((grid.north - b.maxY) / grid.cellSize));
    const r1 = Math.min(grid.rows - 1, Math.floor((grid.north - b.minY) / grid.cellSize));
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * grid.cols + c;
        if (out[cell] === 0 && pointInPolygon(ring, grid.centreX(cell), grid.centreY(cell))) out[cell] = z + 1;
      }
    }
  });
  return out;
}

/** Zones a closed fence encloses, for attributing its cost when `protects` is not given. */
export function zonesInsideFence(scenario: Scenario, fenceIndex: number): string[] {
  const fence = scenario.fences[fenceIndex];
  if (fence.protects) return fence.protects;
  if (!fence.closed) return [];
  const ring = openRing(fence.path);
  return scenario.plantings
    .filter((p) => {
      const b = boundsOf(p.polygon);
      return pointInPolygon(ring, (b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2);
    })
    .map((p) => p.name);
}

/** Every straight piece of every fence, standing or not, as [ax, ay, bx, by]. */
function fenceSegments(sc: Scenario): [number, number, number, number][] {
  return sc.fences.flatMap((f) => {
    const path = f.closed ? [...openRing(f.path), openRing(f.path)[0]] : f.path;
    return path.slice(1).map((b, i): [number, number, number, number] => [path[i][0], path[i][1], b[0], b[1]]);
  });
}

/** Linear interpolation in a browse-height profile; 0 at and above the top of the reach. */
function profileAt(points: readonly (readonly [number, number])[], share: number): number {
  if (share >= 1) return 0;
  if (share <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [x1, w1] = points[i];
    if (share <= x1) {
      const [x0, w0] = points[i - 1];
      return w0 + ((share - x0) / (x1 - x0)) * (w1 - w0);
    }
  }
  return points[points.length - 1][1] * (1 - share) / Math.max(1e-9, 1 - points[points.length - 1][0]);
}
