import type { Rng } from '../random/rng.js';
import type { SiteGrid } from './grid.js';
import type { SpeciesTable } from './species.js';
import { DeathCause, TreeStatus, type TreeStore } from './trees.js';

/** Share of height a browsed sapling loses on top of its year's growth (model assumption). */
export const BROWSE_HEIGHT_LOSS = 0.1;
/** Chance that one browsing event kills a sapling outright, by uprooting or stripping (model assumption). */
export const BROWSE_KILL_CHANCE = 0.05;
/** Growth modifier below which a tree counts as suppressed and may die of it. */
const SUPPRESSION_THRESHOLD = 0.6;
/** Yearly death chance of a fully suppressed, fully shade-intolerant tree (model assumption). */
const SUPPRESSION_MORTALITY = 0.2;
/** Yearly death chance of a fully drought-sensitive sapling on a fully exposed site in a severe drought. */
const DROUGHT_SAPLING_MORTALITY = 0.3;
/** Trees younger than this many years since planting are saplings for drought mortality. */
const DROUGHT_SAPLING_AGE = 5;

/**
 * Local light competition from the trees of the 3x3 neighbourhood of grid cells: crown area summed
 * and the tallest height, each smoothed over the neighbourhood so each tree needs two reads.
 */
export class CompetitionField {
  private readonly crownArea: Float32Array;
  private readonly topHeight: Float32Array;
  private readonly rowArea: Float32Array;
  private readonly rowTop: Float32Array;
  /** Crown cover of each cell's 3x3 neighbourhood, 1 - exp(-crown area / ground area). */
  readonly neighbourhoodCover: Float32Array;
  readonly neighbourhoodTopHeight: Float32Array;
  readonly neighbourhoodArea: number;

  constructor(private readonly grid: SiteGrid) {
    const n = grid.cellCount;
    this.crownArea = new Float32Array(n);
    this.topHeight = new Float32Array(n);
    this.rowArea = new Float32Array(n);
    this.rowTop = new Float32Array(n);
    this.neighbourhoodCover = new Float32Array(n);
    this.neighbourhoodTopHeight = new Float32Array(n);
    this.neighbourhoodArea = 9 * grid.cellSize * grid.cellSize;
  }

  update(trees: TreeStore): void {
    const ca = this.crownArea;
    const th = this.topHeight;
    ca.fill(0);
    th.fill(0);
    const { status, cell, crownRadius, height, count } = trees;
    const { cols, rows } = this.grid;
    // Only the window of cells that holds trees (and its rim) needs smoothing.
    let minCell = Infinity;
    let maxCell = -1;
    for (let i = 0; i < count; i++) {
      if (status[i] !== TreeStatus.Alive) continue;
      const c = cell[i];
      const r = crownRadius[i];
      ca[c] += Math.PI * r * r;
      if (height[i] > th[c]) th[c] = height[i];
      if (c < minCell) minCell = c;
      if (c > maxCell) maxCell = c;
    }
    this.neighbourhoodCover.fill(0);
    this.neighbourhoodTopHeight.fill(0);
    if (maxCell < 0) return;
    const rowFrom = Math.max(0, Math.floor(minCell / cols) - 1);
    const rowTo = Math.min(rows - 1, Math.floor(maxCell / cols) + 1);
    // The 3x3 sums and maxima are separable: along rows first, then along columns.
    const ra = this.rowArea;
    const rt = this.rowTop;
    for (let r = rowFrom; r <= rowTo; r++) {
      const row = r * cols;
      for (let c = 0; c < cols; c++) {
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
    }
    const cover = this.neighbourhoodCover;
    const nth = this.neighbourhoodTopHeight;
    const invArea = 1 / this.neighbourhoodArea;
    for (let r = rowFrom; r <= rowTo; r++) {
      for (let c = 0; c < cols; c++) {
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
        cover[i] = sum > 0 ? 1 - Math.exp(-sum * invArea) : 0;
        nth[i] = top;
      }
    }
  }
}

export interface GrowthYear {
  year: number;
  /** Fraction of growth lost to drought by a fully sensitive species on a fully exposed site (0 in a normal year). */
  droughtSeverity: number;
}

/**
 * One year of growth and death for every live tree. A tree moves along its species' height curve by a
 * year's worth scaled by vigour, light (taller neighbours shade it, less so for shade-tolerant
 * species) and drought; browsing this year costs the year's growth and some height. Then it may die:
 * planting failure in its first year, background, suppression, drought, or repeated browsing.
 * One uniform draw per tree decides death and its cause.
 */
export function growTrees(
  trees: TreeStore,
  sp: SpeciesTable,
  field: CompetitionField,
  year: GrowthYear,
  rng: Rng,
): void {
  const { status, species, cell, height, curveAge, siteScale, vigour, browsedYear, browseStreak } = trees;
  const held = trees.heldHeight;
  const { hMax, k, p, shadeTolerance, droughtSensitivity, backgroundMortality, plantingFailure, browseTolerance } = sp;
  const coverOf = field.neighbourhoodCover;
  const nth = field.neighbourhoodTopHeight;
  const y = year.year;
  const drought = year.droughtSeverity;

  for (let i = 0, n = trees.count; i < n; i++) {
    if (status[i] !== TreeStatus.Alive) continue;
    const s = species[i];
    const c = cell[i];
    const h = height[i];

    const cover = coverOf[c];
    const top = nth[c];
    const shade = top > h ? cover * (1 - h / top) : 0;
    const light = 1 - shade * (1 - 0.6 * shadeTolerance[s]);
    const dry = drought > 0 ? 1 - drought * droughtSensitivity[s] * trees.droughtExposure[i] : 1;

    const browsed = browsedYear[i] === y;
    let age = curveAge[i];
    if (browsed) {
      // The year's growth is lost and the top is bitten back: the tree steps back along its curve to
      // the reduced height (never forward), and a transplant's held height drops with it.
      browseStreak[i]++;
      const bitten = h * (1 - BROWSE_HEIGHT_LOSS);
      const r = Math.min(bitten / siteScale[i] / hMax[s], 0.999999);
      const back = -Math.log(1 - Math.pow(r, 1 / p[s])) / k[s];
      if (back < age) age = back;
      if (held[i] > bitten) held[i] = bitten;
    } else {
      browseStreak[i] = 0;
      age += vigour[i] * light * dry;
    }
    curveAge[i] = age;
    // Young transplants hold their planting height until the curve overtakes it.
    const onCurve = siteScale[i] * sp.curveHeightAt(s, age);
    const hNew = onCurve > held[i] ? onCurve : held[i];
    height[i] = hNew;
    trees.diameter[i] = sp.diameterAt(s, hNew);
    trees.crownRadius[i] = sp.crownRadiusAt(s, hNew);

    // Death: cumulative chances, one draw.
    let cause: number = DeathCause.None;
    const u = rng.next();
    let acc = 0;
    if (trees.plantYear[i] === y - 1 && trees.origin[i] === 0) {
      const unsuited = 1 - trees.suitability[i];
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
    if (cause === DeathCause.None && drought > 0 && y - trees.plantYear[i] <= DROUGHT_SAPLING_AGE) {
      acc += DROUGHT_SAPLING_MORTALITY * drought * droughtSensitivity[s] * trees.droughtExposure[i];
      if (u < acc) cause = DeathCause.Drought;
    }
    if (cause === DeathCause.None && browsed) {
      if (browseStreak[i] >= browseTolerance[s]) cause = DeathCause.Browsing;
      else {
        acc += BROWSE_KILL_CHANCE;
        if (u < acc) cause = DeathCause.Browsing;
      }
    }
    if (cause !== DeathCause.None) {
      status[i] = TreeStatus.Dead;
      trees.cause[i] = cause;
      trees.deathYear[i] = y;
    }
  }
}
