import type { AreaMap } from './areas.js';
import type { FieldGrid } from './fieldGrid.js';
import type { HomeKernel } from './kernel.js';

/**
 * Animals that share a population and a home-range centre (a mother and the young born into her range)
 * share everything the field knows of them, and are one group: how many they are, and the share of
 * their time in each area of their population's ground.
 */
export class HomeGroup {
  count = 0;
  /** Place in the year's list of groups. */
  index = 0;
  /** Area of the home-range centre. */
  homeArea = 0;
  /** Share of the group's time in each area (sums to 1). */
  share = new Float64Array(0);
  /** Days per animal spent in each area in the current sub-step. */
  days = new Float64Array(0);
  /** Days per animal spent in each area so far this year (the view's map of use). */
  yearDays = new Float64Array(0);
  /** ∫ kernel over each area's walkable ground, m²-weighted (without forage). */
  zconst = new Float64Array(0);
  /** ∫ kernel × habitat over each area, this sub-step, and at the start of the sub-step before. */
  z = new Float64Array(0);
  zStart = new Float64Array(0);
  /** Crossing strength of each pair of areas of the map: speed/π · Σ over its fence elements of kernel × length × passability. */
  pairs = new Float64Array(0);
  /** Kernel at the field cell of each piece the field needs this year. */
  kNeeded = new Float64Array(0);
  /** Kernel at the field cell of every piece of the map (0 beyond reach); empty where too many groups × pieces to keep. */
  kPieces = new Float32Array(0);
  /** ∫ kernel over each zone's ground in each area, [area · (zones + 1) + zone + 1]. */
  zoneK = new Float64Array(0);
  /** Per area: 1 when some fence element of it lets the group cross (passability above 0). */
  crossable = new Uint8Array(0);
  /** Kernel at each of the year's breaches. */
  breachK = new Float64Array(0);
  /** Key of the area map these values belong to. */
  mapKey = '';

  constructor(
    readonly pop: number,
    readonly kind: number,
    readonly homeX: number,
    readonly homeY: number,
  ) {}

  /**
   * Fits the group to an area map: its kernel over each area's ground and its crossing strengths. When
   * the map is a new one (fences went up or came down), the group's time starts in its home area.
   */
  fit(key: string, map: AreaMap, kernel: HomeKernel, speed: number, grid: FieldGrid, zones: number, keepPieces: boolean): void {
    if (key === this.mapKey) return;
    this.mapKey = key;
    const n = map.count;
    this.share = new Float64Array(n);
    this.days = new Float64Array(n);
    this.yearDays = new Float64Array(n);
    this.z = new Float64Array(n);
    this.zStart = new Float64Array(n);
    this.zconst = new Float64Array(n);
    this.homeArea = Math.max(0, map.areaAt(this.homeX, this.homeY));
    this.share[this.homeArea] = 1;
    this.kPieces = keepPieces ? new Float32Array(map.pieceCell.length) : new Float32Array(0);
    // The kernel over the field cells within its reach.
    const { cols, rows, cellSize, west, north } = grid;
    const reach = kernel.reach;
    const c0 = Math.max(0, Math.floor((this.homeX - reach - west) / cellSize));
    const c1 = Math.min(cols - 1, Math.floor((this.homeX + reach - west) / cellSize));
    const r0 = Math.max(0, Math.floor((north - this.homeY - reach) / cellSize));
    const r1 = Math.min(rows - 1, Math.floor((north - this.homeY + reach) / cellSize));
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const fc = r * cols + c;
        const from = map.cellPieceStart[fc];
        const to = map.cellPieceStart[fc + 1];
        if (from === to) continue;
        const k = kernel.atPoint(this.homeX, this.homeY, grid.centreX[fc], grid.centreY[fc]);
        if (k === 0) continue;
        for (let q = from; q < to; q++) {
          const p = map.cellPieces[q];
          this.zconst[map.pieceArea[p]] += k * map.pieceM2[p];
          if (keepPieces) this.kPieces[p] = k;
        }
      }
    }
    this.zoneK = new Float64Array(n * zones);
    for (let j = 0; j < map.zonePiece.length; j++) {
      const p = map.zonePiece[j];
      const fc = map.pieceCell[p];
      const k = kernel.atPoint(this.homeX, this.homeY, grid.centreX[fc], grid.centreY[fc]);
      this.zoneK[map.pieceArea[p] * zones + map.zonePieceZone[j]] += k * map.zonePieceM2[j];
    }
    this.pairs = new Float64Array(map.pairA.length);
    const perLength = speed / Math.PI;
    for (let e = 0; e < map.linkX.length; e++) {
      if (map.linkPass[e] === 0) continue;
      const k = kernel.atPoint(this.homeX, this.homeY, map.linkX[e], map.linkY[e]);
      this.pairs[map.linkPair[e]] += perLength * k * map.linkLength[e] * map.linkPass[e];
    }
    this.crossable = new Uint8Array(n);
    this.pairs.forEach((strength, p) => {
      if (strength > 0) this.crossable[map.pairA[p]] = this.crossable[map.pairB[p]] = 1;
    });
  }
}

/** Key of a group: its population and home-range centre. */
export function groupKey(pop: number, x: number, y: number): string {
  return `${pop}|${x}|${y}`;
}
