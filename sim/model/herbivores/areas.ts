import { segmentsIntersect } from '../../shared/polygon.js';
import type { SiteGrid } from '../grid.js';
import type { FieldGrid } from './fieldGrid.js';

/** A straight piece of a fence that confines the population: [ax, ay, bx, by], its fence and its per-encounter passability. */
export interface Barrier {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  fence: number;
  /** Chance that one attempt to cross the intact fence succeeds. */
  pass: number;
}

export interface AreaMapOptions {
  grid: SiteGrid;
  field: FieldGrid;
  /** 1 on the site-grid cells the population may stand on. */
  walkable: Uint8Array;
  /** Planting zone + 1 of each site-grid cell, 0 outside every zone. */
  zoneOfCell: Uint16Array;
  barriers: readonly Barrier[];
  /** Length of the pieces a fence is cut into for the exchange across it, m. */
  elementLength: number;
}

/**
 * The ground one population may stand on, cut by the fences standing in a year into areas: the cells
 * an animal can reach from each other without crossing a fence. Two neighbouring site-grid cells are in
 * one area unless a fence crosses the line between their centres.
 *
 * For the field it holds, per area, its ground by field cell (`pieces`: the walkable m² of each area in
 * each field cell, which normalises an animal's kernel over the area), and the fence between areas cut
 * into short elements (`links`), across which animals move at the rate their density at the element,
 * their speed and the fence's passability give.
 */
export class AreaMap {
  /** Area of each site-grid cell, −1 where the population does not stand. */
  readonly label: Int32Array;
  readonly count: number;
  /** Walkable m² of each area. */
  readonly m2: Float64Array;
  /** A point in each area (the centre of its first cell). */
  readonly pointX: Float64Array;
  readonly pointY: Float64Array;
  /** (field cell, area) pieces of the ground and their m². */
  readonly pieceCell: Int32Array;
  readonly pieceArea: Int32Array;
  readonly pieceM2: Float64Array;
  /** Piece of each site-grid cell (−1 off the ground). */
  readonly pieceOfCell: Int32Array;
  /** The ground of each planting zone by piece: piece, zone + 1, m². */
  readonly zonePiece: Int32Array;
  readonly zonePieceZone: Int32Array;
  readonly zonePieceM2: Float64Array;
  /** Fence elements between two areas: midpoint, length, the areas either side, fence and passability. */
  readonly linkX: Float64Array;
  readonly linkY: Float64Array;
  readonly linkLength: Float64Array;
  readonly linkA: Int32Array;
  readonly linkB: Int32Array;
  readonly linkFence: Int32Array;
  readonly linkPass: Float64Array;
  /** Pairs of areas that share a fence (a < b), and the pair of each link element. */
  readonly pairA: Int32Array;
  readonly pairB: Int32Array;
  readonly linkPair: Int32Array;
  /** Pairs each area is in, as compressed rows: `areaPairs[areaPairStart[a] .. areaPairStart[a + 1])`. */
  readonly areaPairStart: Int32Array;
  readonly areaPairs: Int32Array;
  /** Pieces by field cell, as compressed rows: `cellPieces[cellPieceStart[c] .. cellPieceStart[c + 1])`. */
  readonly cellPieceStart: Int32Array;
  readonly cellPieces: Int32Array;
  private readonly grid: SiteGrid;

  constructor(o: AreaMapOptions) {
    const grid = o.grid;
    this.grid = grid;
    const { cols } = grid;
    const n = grid.cellCount;
    const { east, south } = blockedEdges(grid, o.barriers);
    const label = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    let count = 0;
    const firstCell: number[] = [];
    for (let start = 0; start < n; start++) {
      if (o.walkable[start] === 0 || label[start] >= 0) continue;
      const id = count++;
      firstCell.push(start);
      let head = 0;
      let tail = 0;
      queue[tail++] = start;
      label[start] = id;
      while (head < tail) {
        const c = queue[head++];
        const col = c % cols;
        const visit = (d: number) => {
          if (o.walkable[d] === 1 && label[d] < 0) {
            label[d] = id;
            queue[tail++] = d;
          }
        };
        if (col + 1 < cols && !east[c]) visit(c + 1);
        if (col > 0 && !east[c - 1]) visit(c - 1);
        if (c + cols < n && !south[c]) visit(c + cols);
        if (c >= cols && !south[c - cols]) visit(c - cols);
      }
    }
    this.label = label;
    this.count = count;
    // A point well inside each area: the first cell whose four neighbours are in it too, where there is one.
    const inner = firstCell.slice();
    const found = new Uint8Array(count);
    for (let c = cols; c < n - cols; c++) {
      const a = label[c];
      if (a < 0 || found[a]) continue;
      const col = c % cols;
      if (col === 0 || col === cols - 1) continue;
      if (label[c - 1] === a && label[c + 1] === a && label[c - cols] === a && label[c + cols] === a) {
        inner[a] = c;
        found[a] = 1;
      }
    }
    this.pointX = Float64Array.from(inner, (c) => grid.centreX(c));
    this.pointY = Float64Array.from(inner, (c) => grid.centreY(c));

    // Pieces: the ground of each area in each field cell.
    const cellM2 = grid.cellSize * grid.cellSize;
    this.m2 = new Float64Array(count);
    const pieceOf = new Map<number, number>();
    const pieceCell: number[] = [];
    const pieceArea: number[] = [];
    const pieceM2: number[] = [];
    this.pieceOfCell = new Int32Array(n).fill(-1);
    for (let c = 0; c < n; c++) {
      const a = label[c];
      if (a < 0) continue;
      this.m2[a] += cellM2;
      const fc = o.field.cellOfSite[c];
      const key = fc * count + a;
      let p = pieceOf.get(key);
      if (p === undefined) {
        p = pieceCell.length;
        pieceOf.set(key, p);
        pieceCell.push(fc);
        pieceArea.push(a);
        pieceM2.push(0);
      }
      pieceM2[p] += cellM2;
      this.pieceOfCell[c] = p;
    }
    this.pieceCell = Int32Array.from(pieceCell);
    this.pieceArea = Int32Array.from(pieceArea);
    this.pieceM2 = Float64Array.from(pieceM2);
    const zoneOf = new Map<number, number>();
    const zp: number[] = [];
    const zz: number[] = [];
    const zm: number[] = [];
    for (let c = 0; c < n; c++) {
      const z = o.zoneOfCell[c];
      const p = this.pieceOfCell[c];
      if (z === 0 || p < 0) continue;
      const key = p * 65_536 + z;
      let i = zoneOf.get(key);
      if (i === undefined) {
        i = zp.length;
        zoneOf.set(key, i);
        zp.push(p);
        zz.push(z);
        zm.push(0);
      }
      zm[i] += cellM2;
    }
    this.zonePiece = Int32Array.from(zp);
    this.zonePieceZone = Int32Array.from(zz);
    this.zonePieceM2 = Float64Array.from(zm);

    // Links: each fence cut into elements, kept where it separates two areas.
    const lx: number[] = [];
    const ly: number[] = [];
    const ll: number[] = [];
    const la: number[] = [];
    const lb: number[] = [];
    const lf: number[] = [];
    const lp: number[] = [];
    for (const b of o.barriers) {
      const len = Math.hypot(b.bx - b.ax, b.by - b.ay);
      if (len === 0) continue;
      const pieces = Math.max(1, Math.ceil(len / o.elementLength));
      for (let k = 0; k < pieces; k++) {
        const t = (k + 0.5) / pieces;
        const x = b.ax + t * (b.bx - b.ax);
        const y = b.ay + t * (b.by - b.ay);
        const [sa, sb] = this.sides(b, x, y);
        if (sa < 0 || sb < 0 || sa === sb) continue;
        lx.push(x);
        ly.push(y);
        ll.push(len / pieces);
        la.push(sa);
        lb.push(sb);
        lf.push(b.fence);
        lp.push(b.pass);
      }
    }
    this.linkX = Float64Array.from(lx);
    this.linkY = Float64Array.from(ly);
    this.linkLength = Float64Array.from(ll);
    this.linkA = Int32Array.from(la);
    this.linkB = Int32Array.from(lb);
    this.linkFence = Int32Array.from(lf);
    this.linkPass = Float64Array.from(lp);

    const pairOf = new Map<number, number>();
    const pa: number[] = [];
    const pb: number[] = [];
    this.linkPair = Int32Array.from(la, (a, e) => {
      const lo = Math.min(a, lb[e]);
      const hi = Math.max(a, lb[e]);
      const key = lo * count + hi;
      let p = pairOf.get(key);
      if (p === undefined) {
        p = pa.length;
        pairOf.set(key, p);
        pa.push(lo);
        pb.push(hi);
      }
      return p;
    });
    this.pairA = Int32Array.from(pa);
    this.pairB = Int32Array.from(pb);
    const perArea: number[][] = Array.from({ length: count }, () => []);
    pa.forEach((a, p) => {
      perArea[a].push(p);
      perArea[pb[p]].push(p);
    });
    ({ start: this.areaPairStart, items: this.areaPairs } = compressedRows(perArea));
    const perCell: number[][] = Array.from({ length: o.field.cellCount }, () => []);
    pieceCell.forEach((fc, p) => perCell[fc].push(p));
    ({ start: this.cellPieceStart, items: this.cellPieces } = compressedRows(perCell));
  }

  /** The other area of pair p, seen from area a. */
  across(p: number, a: number): number {
    return this.pairA[p] === a ? this.pairB[p] : this.pairA[p];
  }

  /** Area at a point, −1 off the ground. */
  areaAt(x: number, y: number): number {
    const c = this.grid.cellAt(x, y);
    return c < 0 ? -1 : this.label[c];
  }

  /**
   * The areas either side of a fence segment at a point on it: one cell and a half out along its
   * normal, where the cell is past any rounding of the fence onto the grid.
   */
  sides(b: { ax: number; ay: number; bx: number; by: number }, x: number, y: number): [number, number] {
    const len = Math.hypot(b.bx - b.ax, b.by - b.ay);
    const d = 1.5 * this.grid.cellSize;
    const nx = (-(b.by - b.ay) / len) * d;
    const ny = ((b.bx - b.ax) / len) * d;
    return [this.areaAt(x + nx, y + ny), this.areaAt(x - nx, y - ny)];
  }
}

/**
 * The site-grid edges a barrier crosses: `east[c]` when the line from cell c's centre to its eastern
 * neighbour's meets a barrier, `south[c]` likewise to its southern neighbour. Each barrier is followed
 * in quarter-cell samples, and the edges of the cells it passes (and their neighbours) are tested.
 */
function blockedEdges(grid: SiteGrid, barriers: readonly Barrier[]): { east: Uint8Array; south: Uint8Array } {
  const { cols, rows, cellSize: cs } = grid;
  const east = new Uint8Array(grid.cellCount);
  const south = new Uint8Array(grid.cellCount);
  for (const b of barriers) {
    const len = Math.hypot(b.bx - b.ax, b.by - b.ay);
    const samples = Math.max(1, Math.ceil(len / (cs / 4)));
    let lastCell = -2;
    for (let k = 0; k <= samples; k++) {
      const x = b.ax + ((b.bx - b.ax) * k) / samples;
      const y = b.ay + ((b.by - b.ay) * k) / samples;
      const col0 = Math.floor((x - grid.west) / cs);
      const row0 = Math.floor((grid.north - y) / cs);
      const here = row0 * cols + col0;
      if (here === lastCell) continue;
      lastCell = here;
      for (let row = row0 - 1; row <= row0 + 1; row++) {
        if (row < 0 || row >= rows) continue;
        for (let col = col0 - 1; col <= col0 + 1; col++) {
          if (col < 0 || col >= cols) continue;
          const c = row * cols + col;
          const cx = grid.west + (col + 0.5) * cs;
          const cy = grid.north - (row + 0.5) * cs;
          if (col + 1 < cols && !east[c] && segmentsIntersect(cx, cy, cx + cs, cy, b.ax, b.ay, b.bx, b.by)) east[c] = 1;
          if (row + 1 < rows && !south[c] && segmentsIntersect(cx, cy, cx, cy - cs, b.ax, b.ay, b.bx, b.by)) south[c] = 1;
        }
      }
    }
  }
  return { east, south };
}

function compressedRows(rows: readonly number[][]): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (start[i + 1] = start[i] + r.length));
  const items = new Int32Array(start[rows.length]);
  rows.forEach((r, i) => items.set(r, start[i]));
  return { start, items };
}
