/**
 * Every tree of a replicate as a row across typed arrays (struct of arrays): the growth and browsing
 * loops walk memory in order and allocate nothing.
 */

export const TreeStatus = {
  /** Planted in a later year: not in the ground yet. */
  Pending: 0,
  Alive: 1,
  Dead: 2,
} as const;

/** Why a tree died; written to exports. */
export const DeathCause = {
  None: 0,
  PlantingFailure: 1,
  Background: 2,
  Suppression: 3,
  Drought: 4,
  Browsing: 5,
  /** Crowding beyond what the stand holds: self-thinning towards the species' maximum density. */
  SelfThinning: 6,
} as const;

export const TreeOrigin = { Planted: 0, Regenerated: 1 } as const;

export class TreeStore {
  count = 0;
  capacity: number;
  /**
   * Rows of the live trees in ascending order, `live[0 .. liveCount)`: the yearly loops visit these
   * alone, so dead records cost nothing once they are many. Growth drops the trees that die; planting
   * and regeneration call `refreshLive`.
   */
  live!: Int32Array;
  liveCount = 0;

  x!: Float64Array;
  y!: Float64Array;
  species!: Uint8Array;
  /** 0 outside every zone, otherwise planting index + 1. */
  zone!: Uint16Array;
  origin!: Uint8Array;
  status!: Uint8Array;
  cause!: Uint8Array;
  plantYear!: Int16Array;
  deathYear!: Int16Array;
  /** Years along the species' height curve, advanced by each year's growth modifier. */
  curveAge!: Float32Array;
  height!: Float32Array;
  /** Diameter at breast height, cm (0 below 1.3 m); grows with height, less so under crowding. */
  diameter!: Float32Array;
  crownRadius!: Float32Array;
  /** Asymptote scale from site suitability, 0.3–1. */
  siteScale!: Float32Array;
  /** Site suitability 0–1 for this tree's species at its position. */
  suitability!: Float32Array;
  /** How exposed the position is to drought, 0 (wet hollow) to 1 (dry ridge). */
  droughtExposure!: Float32Array;
  /** Individual growth vigour around 1. */
  vigour!: Float32Array;
  shelterHeight!: Float32Array;
  browseCount!: Uint16Array;
  /** Browsing damage: +1 each browsed year, decaying year by year; it stunts growth and can kill. */
  damage!: Float32Array;
  /** Year the tree was last browsed, -1 never. */
  browsedYear!: Int16Array;
  /** Site-grid cell. */
  cell!: Int32Array;

  constructor(capacity: number) {
    this.capacity = Math.max(16, capacity);
    this.allocate(this.capacity, null);
  }

  /** Empties the store for another replicate, keeping its memory (no new pages to fault in). */
  clear(): void {
    this.count = 0;
    this.liveCount = 0;
    this.cause.fill(0);
    this.browseCount.fill(0);
    this.damage.fill(0);
    this.status.fill(0);
  }

  /** Lists the live rows again after trees have come alive (planted, regenerated). */
  refreshLive(): void {
    const status = this.status;
    const live = this.live;
    let n = 0;
    for (let i = 0, count = this.count; i < count; i++) if (status[i] === TreeStatus.Alive) live[n++] = i;
    this.liveCount = n;
  }

  /** Makes room for `extra` more trees, doubling capacity as needed. */
  reserve(extra: number): void {
    const needed = this.count + extra;
    if (needed <= this.capacity) return;
    let cap = this.capacity;
    while (cap < needed) cap *= 2;
    this.allocate(cap, this);
    this.capacity = cap;
  }

  private allocate(cap: number, from: TreeStore | null): void {
    const grow = <T extends Float64Array | Float32Array | Uint8Array | Uint16Array | Int16Array | Int32Array>(
      make: (n: number) => T,
      old: T | undefined,
    ): T => {
      const next = make(cap);
      if (old) next.set(old.subarray(0, from!.count) as never);
      return next;
    };
    this.x = grow((n) => new Float64Array(n), from?.x);
    this.y = grow((n) => new Float64Array(n), from?.y);
    this.species = grow((n) => new Uint8Array(n), from?.species);
    this.zone = grow((n) => new Uint16Array(n), from?.zone);
    this.origin = grow((n) => new Uint8Array(n), from?.origin);
    this.status = grow((n) => new Uint8Array(n), from?.status);
    this.cause = grow((n) => new Uint8Array(n), from?.cause);
    this.plantYear = grow((n) => new Int16Array(n), from?.plantYear);
    this.deathYear = grow((n) => new Int16Array(n), from?.deathYear);
    this.curveAge = grow((n) => new Float32Array(n), from?.curveAge);
    this.height = grow((n) => new Float32Array(n), from?.height);
    this.diameter = grow((n) => new Float32Array(n), from?.diameter);
    this.crownRadius = grow((n) => new Float32Array(n), from?.crownRadius);
    this.siteScale = grow((n) => new Float32Array(n), from?.siteScale);
    this.suitability = grow((n) => new Float32Array(n), from?.suitability);
    this.droughtExposure = grow((n) => new Float32Array(n), from?.droughtExposure);
    this.vigour = grow((n) => new Float32Array(n), from?.vigour);
    this.shelterHeight = grow((n) => new Float32Array(n), from?.shelterHeight);
    this.browseCount = grow((n) => new Uint16Array(n), from?.browseCount);
    this.damage = grow((n) => new Float32Array(n), from?.damage);
    this.browsedYear = grow((n) => new Int16Array(n), from?.browsedYear);
    this.cell = grow((n) => new Int32Array(n), from?.cell);
    // `from` is this store when it grows: take its live list before the new one replaces it.
    const live = from?.live;
    this.live = new Int32Array(cap);
    if (live) this.live.set(live.subarray(0, from!.liveCount));
  }
}
