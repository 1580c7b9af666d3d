import type { Processes } from '../library/schema.js';
import type { KeyedDraws } from '../random/rng.js';
import type { SiteGrid } from './grid.js';
import type { SpeciesTable } from './species.js';
import { DeathCause, TreeOrigin, TreeStatus, type TreeStore } from './trees.js';

/** Growth modifier below which a tree counts as suppressed and may die of it. */
const SUPPRESSION_THRESHOLD = 0.6;
/** Yearly death chance of a fully suppressed, fully shade-intolerant tree (model assumption). */
const SUPPRESSION_MORTALITY = 0.2;
/** Yearly death chance of a fully drought-sensitive sapling on a fully exposed site in a severe drought. */
const DROUGHT_SAPLING_MORTALITY = 0.3;
/** Trees younger than this many years since planting are saplings for drought mortality. */
const DROUGHT_SAPLING_AGE = 5;
/**
 * Local competition from the trees around each grid cell, rebuilt once a year: for light, the crown
 * area summed and the tallest height over the 3×3 neighbourhood; for stand density, the basal area
 * per hectare and the dominant (tallest) height over a square of the configured radius. All are
 * separable box filters, so each tree needs a few reads.
 */
export class CompetitionField {
  private readonly crownArea: Float32Array;
  private readonly topHeight: Float32Array;
  private readonly basalCell: Float32Array;
  private readonly rowArea: Float32Array;
  private readonly rowTop: Float32Array;
  private readonly rowBasal: Float32Array;
  private readonly rowDominant: Float32Array;
  /** Crown cover of each cell's 3x3 neighbourhood, 1 - exp(-crown area / ground area). */
  readonly neighbourhoodCover: Float32Array;
  readonly neighbourhoodTopHeight: Float32Array;
  /** Basal area around each cell, m²/ha. */
  readonly basalArea: Float32Array;
  /** Tallest tree around each cell over the stand-density window, m. */
  readonly dominantHeight: Float32Array;
  readonly neighbourhoodArea: number;
  /** Half-width of the stand-density window, cells. */
  private readonly reach: number;

  constructor(
    private readonly grid: SiteGrid,
    standDensity: Processes['standDensity'],
  ) {
    const n = grid.cellCount;
    this.crownArea = new Float32Array(n);
    this.topHeight = new Float32Array(n);
    this.basalCell = new Float32Array(n);
    this.rowArea = new Float32Array(n);
    this.rowTop = new Float32Array(n);
    this.rowBasal = new Float32Array(n);
    this.rowDominant = new Float32Array(n);
    this.neighbourhoodCover = new Float32Array(n);
    this.neighbourhoodTopHeight = new Float32Array(n);
    this.basalArea = new Float32Array(n);
    this.dominantHeight = new Float32Array(n);
    this.neighbourhoodArea = 9 * grid.cellSize * grid.cellSize;
    this.reach = Math.max(1, Math.round(standDensity.neighbourhoodRadius.value / grid.cellSize));
  }

  /** Year of the census the fields were last built from, −1 none: the metrics of a year count the stand the next year's growth sees. */
  censusYear = -1;
  /** The window of cells that holds every tree of the store (live or not), and the store it was taken from. */
  private minCell = 0;
  private maxCell = -1;
  private minCol = 0;
  private maxCol = -1;
  private windowOf: Int32Array | null = null;
  private windowCount = -1;
  /** Cells zeroed and smoothed last time, [from, to). */
  private zeroFrom = 0;
  private zeroTo = 0;

  /**
   * Starts a census of the standing trees: per cell, crown area, tallest tree and Σ diameter². Only the
   * rows of the window that holds the store's trees are worked on; `fresh` (the year of planting) takes
   * that window afresh, as does any change in the store's trees.
   */
  beginCensus(trees: TreeStore, fresh = true): void {
    if (fresh || trees.cell !== this.windowOf || trees.count !== this.windowCount) this.fitWindow(trees);
    const [from, to] = this.rowSpan();
    this.zero([this.crownArea, this.topHeight, this.basalCell], from, to);
  }

  private fitWindow(trees: TreeStore): void {
    const cols = this.grid.cols;
    let minCell = Infinity;
    let maxCell = -1;
    let minCol = cols;
    let maxCol = -1;
    const cell = trees.cell;
    for (let i = 0, n = trees.count; i < n; i++) {
      const c = cell[i];
      if (c < 0) continue;
      if (c < minCell) minCell = c;
      if (c > maxCell) maxCell = c;
      const col = c % cols;
      if (col < minCol) minCol = col;
      if (col > maxCol) maxCol = col;
    }
    this.minCell = minCell;
    this.maxCell = maxCell;
    this.minCol = minCol;
    this.maxCol = maxCol;
    this.windowOf = trees.cell;
    this.windowCount = trees.count;
  }

  /** The cells of the window's rows and their rim, [from, to). */
  private rowSpan(): [number, number] {
    if (this.maxCell < 0) return [0, 0];
    const { cols, rows } = this.grid;
    const rowFrom = Math.max(0, Math.floor(this.minCell / cols) - this.reach);
    const rowTo = Math.min(rows - 1, Math.floor(this.maxCell / cols) + this.reach);
    return [rowFrom * cols, (rowTo + 1) * cols];
  }

  /** Zeroes cells [from, to) of the arrays, and whatever of the last span lies outside it. */
  private zero(arrays: Float32Array[], from: number, to: number): void {
    for (const a of arrays) {
      a.fill(0, from, to);
      if (this.zeroFrom < from) a.fill(0, this.zeroFrom, Math.min(from, this.zeroTo));
      if (this.zeroTo > to) a.fill(0, Math.max(to, this.zeroFrom), this.zeroTo);
    }
  }

  /** Counts one standing tree in cell `c`. */
  addTree(c: number, crownRadius: number, height: number, diameter: number): void {
    this.crownArea[c] += Math.PI * crownRadius * crownRadius;
    if (height > this.topHeight[c]) this.topHeight[c] = height;
    this.basalCell[c] += diameter * diameter;
  }

  /** A census of the live trees, then the fields from it. */
  update(trees: TreeStore): void {
    this.beginCensus(trees);
    const { live, liveCount, cell, crownRadius, height, diameter } = trees;
    for (let j = 0; j < liveCount; j++) {
      const i = live[j];
      this.addTree(cell[i], crownRadius[i], height[i], diameter[i]);
    }
    this.smooth();
  }

  /** The fields from the last census: cover and tallest tree around each cell, basal area and dominant height over the stand-density window. */
  smooth(): void {
    const ca = this.crownArea;
    const th = this.topHeight;
    const ba = this.basalCell;
    const { cols, rows } = this.grid;
    // Only the window of rows and columns that holds the trees (and its rim) needs smoothing.
    const { minCell, maxCell, minCol, maxCol } = this;
    const [from, to] = this.rowSpan();
    this.zero([this.neighbourhoodCover, this.neighbourhoodTopHeight, this.basalArea, this.dominantHeight], from, to);
    this.zeroFrom = from;
    this.zeroTo = to;
    if (maxCell < 0) return;
    const reach = this.reach;
    const rowFrom = Math.max(0, Math.floor(minCell / cols) - reach);
    const rowTo = Math.min(rows - 1, Math.floor(maxCell / cols) + reach);
    const colFrom = Math.max(0, minCol - reach);
    const colTo = Math.min(cols - 1, maxCol + reach);
    // The 3x3 sums and maxima are separable: along rows first, then along columns.
    const ra = this.rowArea;
    const rt = this.rowTop;
    const rb = this.rowBasal;
    const rd = this.rowDominant;
    for (let r = rowFrom; r <= rowTo; r++) {
      const row = r * cols;
      for (let c = colFrom; c <= colTo; c++) {
        const i = row + c;
        let sum = ca[i];
        let top = th[i];
        if (c > 0) {
          sum += ca[i - 1];
          if (th[i - 1] > top) top = th[i - 1];
        }
        if (c < cols - 1) {
          sum += ca[i + 1];
          if (th[i + 1] > top) top = th[i + 1];
        }
        ra[i] = sum;
        rt[i] = top;
      }
      // Running window sum of basal area along the row, and the window's tallest tree.
      let run = 0;
      for (let c = Math.max(0, colFrom - reach); c < Math.min(cols, colFrom + reach); c++) run += ba[row + c];
      for (let c = colFrom; c <= colTo; c++) {
        if (c + reach < cols) run += ba[row + c + reach];
        if (c - reach - 1 >= 0) run -= ba[row + c - reach - 1];
        rb[row + c] = run;
        let top = 0;
        const from = c - reach > 0 ? c - reach : 0;
        const to = c + reach < cols ? c + reach : cols - 1;
        for (let q = from; q <= to; q++) if (th[row + q] > top) top = th[row + q];
        rd[row + c] = top;
      }
    }
    const cover = this.neighbourhoodCover;
    const nth = this.neighbourhoodTopHeight;
    const basal = this.basalArea;
    const dominant = this.dominantHeight;
    const invArea = 1 / this.neighbourhoodArea;
    // Σ d² (cm²) over the window to m²/ha: π/4 · 1e-4 m² per cm², per window area in ha.
    const perHa = ((Math.PI / 4) * 1e-4 * 10_000) / ((2 * reach + 1) * this.grid.cellSize) ** 2;
    for (let r = rowFrom; r <= rowTo; r++) {
      for (let c = colFrom; c <= colTo; c++) {
        const i = r * cols + c;
        let sum = ra[i];
        let top = rt[i];
        if (r > rowFrom) {
          sum += ra[i - cols];
          if (rt[i - cols] > top) top = rt[i - cols];
        }
        if (r < rowTo) {
          sum += ra[i + cols];
          if (rt[i + cols] > top) top = rt[i + cols];
        }
        cover[i] = sum > 0 ? coverOfCrowns(sum * invArea) : 0;
        nth[i] = top;
      }
    }
    // Column pass of the stand-density window.
    for (let c = colFrom; c <= colTo; c++) {
      let run = 0;
      for (let r = rowFrom; r < Math.min(rowTo + 1, rowFrom + reach); r++) run += rb[r * cols + c];
      for (let r = rowFrom; r <= rowTo; r++) {
        if (r + reach <= rowTo) run += rb[(r + reach) * cols + c];
        if (r - reach - 1 >= rowFrom) run -= rb[(r - reach - 1) * cols + c];
        basal[r * cols + c] = run * perHa;
        let top = 0;
        const from = r - reach > rowFrom ? r - reach : rowFrom;
        const to = r + reach < rowTo ? r + reach : rowTo;
        for (let q = from; q <= to; q++) if (rd[q * cols + c] > top) top = rd[q * cols + c];
        dominant[r * cols + c] = top;
      }
    }
  }
}

/** Steps per unit of crown area over ground area in the cover table, and the table's end. */
const COVER_STEPS = 128;
const COVER_SPAN = 8;
const COVER_TABLE = Float64Array.from({ length: COVER_SPAN * COVER_STEPS + 2 }, (_, i) => 1 - Math.exp(-i / COVER_STEPS));

/**
 * Crown cover from crown area over ground area a: 1 − e^(−a) (crowns placed at random overlap), from a
 * table (interpolated, within 10⁻⁵) up to a = 8 and exact beyond: once per grid cell every year.
 */
function coverOfCrowns(a: number): number {
  const x = a * COVER_STEPS;
  const i = x | 0;
  if (i >= COVER_SPAN * COVER_STEPS) return 1 - Math.exp(-a);
  const v = COVER_TABLE[i];
  return v + (x - i) * (COVER_TABLE[i + 1] - v);
}

export interface GrowthYear {
  year: number;
  /** Fraction of growth lost to drought by a fully sensitive species on a fully exposed site (0 in a normal year). */
  droughtSeverity: number;
}

/**
 * One year of growth and death for every live tree.
 *
 * Height: the tree moves along its species' height curve by a year's worth scaled by vigour, light
 * (taller neighbours shade it, less so for shade-tolerant species), drought, the establishment check
 * of a young transplant, a shelter's gain while the tree is inside it, and stunting from past browsing.
 * A tree browsed this year loses its leader instead: no height growth, and its top set back.
 * Diameter: grows as the species' height–diameter relation says for the height gained, faster in the
 * open and slower as the stand around it nears the most basal area the species holds at its height.
 * Then it may die: planting failure in its first year, background, suppression, drought, browsing
 * damage, or self-thinning where the stand is denser than it can hold. One uniform draw per tree
 * decides death and its cause, keyed by the tree and the year: a tree's fate does not depend on what
 * happened to the trees before it in the list, so plans that differ in one zone draw alike in others.
 */
export function growTrees(
  trees: TreeStore,
  sp: SpeciesTable,
  field: CompetitionField,
  processes: Processes,
  year: GrowthYear,
  /** Each tree's draw for death this year, keyed by tree and year (common random numbers across plans). */
  deaths: KeyedDraws,
): void {
  const { status, species, cell, height, diameter, curveAge, siteScale, vigour, browsedYear, damage } = trees;
  const { droughtExposure, plantYear, origin, shelterHeight, crownRadius, suitability, cause: causes, deathYear } = trees;
  const { hMax, k, p, shadeTolerance, droughtSensitivity, backgroundMortality, plantingFailure, browseTolerance, shelterGain } = sp;
  const coverOf = field.neighbourhoodCover;
  const nth = field.neighbourhoodTopHeight;
  const basalOf = field.basalArea;
  const dominantOf = field.dominantHeight;
  const y = year.year;
  const drought = year.droughtSeverity;
  const check = processes.establishment.growthByYear;
  const checkYears = check.length;
  const heightLoss = processes.browsing.heightLoss.value;
  const stunting = processes.browsing.stunting.value;
  const retention = processes.browsing.damageRetention.value;
  const killPerDamage = processes.browsing.killPerDamage.value;
  const density = processes.standDensity;
  const referenceDensity = density.referenceDensity.value;
  const competitionSlope = density.competitionSlope.value;
  const thinningOnset = density.thinningOnset.value;

  const live = trees.live;
  let kept = 0;
  for (let j = 0, n = trees.liveCount; j < n; j++) {
    const i = live[j];
    const s = species[i];
    const c = cell[i];
    const h = height[i];

    const cover = coverOf[c];
    const top = nth[c];
    const shade = top > h ? cover * (1 - h / top) : 0;
    const light = 1 - shade * (1 - 0.6 * shadeTolerance[s]);
    const dry = drought > 0 ? 1 - drought * droughtSensitivity[s] * droughtExposure[i] : 1;
    const sincePlanting = y - plantYear[i];
    const establishing = origin[i] === TreeOrigin.Planted && sincePlanting <= checkYears ? check[sincePlanting - 1] : 1;
    const sheltered = h < shelterHeight[i] ? shelterGain[s] : 1;
    const browsed = browsedYear[i] === y;
    const harm = damage[i] * retention + (browsed ? 1 : 0);
    damage[i] = harm;

    let age = curveAge[i];
    let hNew: number;
    if (browsed) {
      // The leader is eaten: no height growth this year, and the top is set back; the tree steps
      // back along its curve to the reduced height.
      hNew = h * (1 - heightLoss);
      const r = Math.min(hNew / siteScale[i] / hMax[s], 0.999999);
      const back = -Math.log(1 - Math.pow(r, 1 / p[s])) / k[s];
      if (back < age) age = back;
    } else {
      const gain = vigour[i] * light * dry * establishing * sheltered;
      age += harm > 0 ? gain / (1 + stunting * harm) : gain;
      hNew = siteScale[i] * sp.curveHeightAt(s, age);
    }
    curveAge[i] = age;
    height[i] = hNew;

    // Diameter follows the height gained, scaled by crowding: relative density is the basal area
    // around the tree over the most the species holds at the stand's dominant height. Trees in the
    // open thicken faster than the stand-grown reference, and slower as the stand fills.
    const dominant = dominantOf[c] > hNew ? dominantOf[c] : hNew;
    const relativeDensity = basalOf[c] / sp.maxBasalAreaAt(s, dominant);
    if (hNew > 1.3) {
      const gained = sp.diameterAt(s, hNew) - sp.diameterAt(s, h > 1.3 ? h : 1.3);
      if (gained > 0) diameter[i] += gained * Math.exp(-competitionSlope * (relativeDensity - referenceDensity));
      else if (diameter[i] === 0) diameter[i] = sp.diameterAt(s, hNew);
    }
    crownRadius[i] = sp.crownRadiusAt(s, hNew, diameter[i]);

    // Death: cumulative chances, one draw.
    let cause: number = DeathCause.None;
    const u = deaths.at(i, y);
    let acc = 0;
    if (sincePlanting === 1 && origin[i] === TreeOrigin.Planted) {
      const unsuited = 1 - suitability[i];
      acc += plantingFailure[s] + (1 - plantingFailure[s]) * unsuited * unsuited;
      if (u < acc) cause = DeathCause.PlantingFailure;
    }
    if (cause === DeathCause.None) {
      acc += backgroundMortality[s];
      if (u < acc) cause = DeathCause.Background;
    }
    if (cause === DeathCause.None && light < SUPPRESSION_THRESHOLD) {
      acc += SUPPRESSION_MORTALITY * ((SUPPRESSION_THRESHOLD - light) / SUPPRESSION_THRESHOLD) * (1 - shadeTolerance[s]);
      if (u < acc) cause = DeathCause.Suppression;
    }
    if (cause === DeathCause.None && drought > 0 && sincePlanting <= DROUGHT_SAPLING_AGE) {
      acc += DROUGHT_SAPLING_MORTALITY * drought * droughtSensitivity[s] * droughtExposure[i];
      if (u < acc) cause = DeathCause.Drought;
    }
    if (cause === DeathCause.None && browsed) {
      acc += Math.min(1, (killPerDamage * harm) / browseTolerance[s]);
      if (u < acc) cause = DeathCause.Browsing;
    }
    if (cause === DeathCause.None && relativeDensity > thinningOnset && hNew > 1.3) {
      // Self-thinning: past the onset the stand loses stems at a rising rate, and past its maximum
      // the excess within a year; the shorter trees of the neighbourhood go first.
      const over = (relativeDensity - thinningOnset) / (1 - thinningOnset);
      const standLoss = relativeDensity < 1 ? 0.05 * over * over : 0.05 + 1 - 1 / relativeDensity;
      const relativeHeight = top > 0 ? hNew / top : 1;
      const weight = Math.min(2, Math.max(0.1, 1 + 2 * (0.85 - relativeHeight)));
      acc += standLoss * weight;
      if (u < acc) cause = DeathCause.SelfThinning;
    }
    if (cause !== DeathCause.None) {
      status[i] = TreeStatus.Dead;
      causes[i] = cause;
      deathYear[i] = y;
    } else {
      live[kept++] = i;
    }
  }
  trees.liveCount = kept;
}

