import type { YearContext } from '../year/context.js';
import type { AreaMap } from './areas.js';
import type { FieldSite } from './fieldSite.js';
import type { HomeGroup } from './groups.js';

/** An open breach between two areas of a population's ground, as the exchange sees it. */
export interface BreachLink {
  a: number;
  b: number;
  x: number;
  y: number;
  open: number;
  close: number;
  /** speed/π × gap width × the share of crossings the intact fence would have refused. */
  strength: number;
}

/** One population's ground and groups for the year, and the cells the field needs on it. */
export interface PopulationYear {
  pop: number;
  kind: number;
  map: AreaMap;
  key: string;
  /** 1 for an area inside an exclosure standing this year (a closed fence built to keep the kind out). */
  exclosure: Uint8Array;
  breaches: BreachLink[];
  groups: HomeGroup[];
  /** Site-grid cells with saplings on offer (where browsing happens), on this population's ground. */
  cells: Int32Array;
  /** Index into the offer pieces of each of those cells. */
  cellPiece: Int32Array;
  /** The map's pieces that hold offer cells, their areas, and the forage on offer in each this sub-step. */
  pieces: Int32Array;
  pieceArea: Int32Array;
  /** The offer pieces of area a are `areaStart[a] .. areaStart[a + 1]`. */
  areaStart: Int32Array;
  offerSum: Float64Array;
  /** Animal-days per m² of the kernels (before the habitat's weight) on each offer piece, this sub-step. */
  kbar: Float64Array;
}

/** The population's areas this year, which of them are exclosures, and the breaches between them. */
export function populationYear(ctx: YearContext, field: FieldSite, pop: number): PopulationYear {
  const { site, herd, fences, year } = ctx;
  const kind = site.populationKind[pop];
  const { key, map } = field.areasFor(pop, fences);
  const exclosure = new Uint8Array(map.count);
  for (let a = 0; a < map.count; a++) exclosure[a] = herd.insideExclosure(fences, pop, kind, year, map.pointX[a], map.pointY[a]) ? 1 : 0;
  const speed = site.kinds[kind].dailyMovement;
  const breaches: BreachLink[] = [];
  for (let b = 0; b < fences.breachCount; b++) {
    const { segment, pos, open, close } = fences.breach(b);
    const f = fences.segFence[segment];
    if (!fences.isStanding(f)) continue;
    const t = pos / fences.segLength[segment];
    const seg = { ax: fences.ax[segment], ay: fences.ay[segment], bx: fences.bx[segment], by: fences.by[segment] };
    const x = seg.ax + t * (seg.bx - seg.ax);
    const y = seg.ay + t * (seg.by - seg.ay);
    const [a, other] = map.sides(seg, x, y);
    if (a < 0 || other < 0 || a === other) continue;
    breaches.push({ a, b: other, x, y, open, close, strength: (speed / Math.PI) * fences.gapWidth[f] * (1 - fences.passFor(f, kind)) });
  }
  const none = new Int32Array(0);
  return { pop, kind, map, key, exclosure, breaches, groups: [], cells: none, cellPiece: none, pieces: none, pieceArea: none, areaStart: none, offerSum: new Float64Array(0), kbar: new Float64Array(0) };
}

/**
 * The cells with saplings on offer on the population's ground this year, their pieces (by area), and
 * each group's kernel there. `pieceIndex` is working memory of at least one value per piece, all −1,
 * and left so.
 */
export function offerCells(ctx: YearContext, field: FieldSite, py: PopulationYear, pieceIndex: Int32Array): void {
  const { forage } = ctx;
  const map = py.map;
  // The cells holding saplings, on the ground.
  const list: number[] = [];
  for (let j = 0; j < forage.occupiedCount; j++) {
    const c = forage.occupied[j];
    if (map.label[c] >= 0) list.push(c);
  }
  // The pieces holding them, ordered by area, so that each area's pieces are one run.
  const pieces: number[] = [];
  for (const c of list) {
    const p = map.pieceOfCell[c];
    if (pieceIndex[p] < 0) {
      pieceIndex[p] = 0;
      pieces.push(p);
    }
  }
  pieces.sort((a, b) => map.pieceArea[a] - map.pieceArea[b] || a - b);
  pieces.forEach((p, q) => (pieceIndex[p] = q));
  py.cells = Int32Array.from(list);
  py.cellPiece = new Int32Array(list.length);
  for (let j = 0; j < list.length; j++) py.cellPiece[j] = pieceIndex[map.pieceOfCell[list[j]]];
  for (const p of pieces) pieceIndex[p] = -1;
  const n = pieces.length;
  py.pieces = Int32Array.from(pieces);
  py.pieceArea = new Int32Array(n);
  for (let q = 0; q < n; q++) py.pieceArea[q] = map.pieceArea[pieces[q]];
  py.areaStart = new Int32Array(map.count + 1);
  for (let q = 0; q < n; q++) py.areaStart[py.pieceArea[q] + 1]++;
  for (let a = 0; a < map.count; a++) py.areaStart[a + 1] += py.areaStart[a];
  py.offerSum = new Float64Array(n);
  py.kbar = new Float64Array(n);
  const kernel = field.kernels[py.kind];
  const grid = field.grid;
  for (const g of py.groups) {
    if (g.kNeeded.length !== n) g.kNeeded = new Float64Array(n);
    const kn = g.kNeeded;
    if (g.kPieces.length > 0) {
      for (let q = 0; q < n; q++) kn[q] = g.kPieces[pieces[q]];
      continue;
    }
    for (let q = 0; q < n; q++) {
      const fc = map.pieceCell[pieces[q]];
      const dx = grid.centreX[fc] - g.homeX;
      const dy = grid.centreY[fc] - g.homeY;
      kn[q] = kernel.at2(dx * dx + dy * dy);
    }
  }
}
