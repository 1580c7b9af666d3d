import type { Processes } from '../library/schema.js';
import type { KeyedDraws } from '../random/rng.js';
import type { CompetitionField } from './competition.js';
import { MAX_PLANTING_FAILURE, type SiteDraw } from './siteDraw.js';
import { MAX_CHECK_YEARS, type SpeciesTable } from './species.js';
import { DeathCause, TreeOrigin, TreeStatus, type TreeStore } from './trees.js';

/** Growth modifier below which a tree counts as suppressed and may die of it. */
const SUPPRESSION_THRESHOLD = 0.6;
/** Yearly death chance of a fully suppressed, fully shade-intolerant tree (model assumption). */
const SUPPRESSION_MORTALITY = 0.2;
/** Yearly death chance of a fully drought-sensitive sapling on a fully exposed site in a severe drought. */
const DROUGHT_SAPLING_MORTALITY = 0.3;
/** Trees younger than this many years since planting are saplings for drought mortality. */
const DROUGHT_SAPLING_AGE = 5;
export interface GrowthYear {
  year: number;
  /** Fraction of growth lost to drought by a fully sensitive species on a fully exposed site (0 in a normal year). */
  droughtSeverity: number;
  /** The replicate's site draw: height growth and planting failure multipliers (1 in a plan's own runs). */
  draw: Readonly<Pick<SiteDraw, 'growth' | 'plantingFailure'>>;
}

/**
 * One year of growth and death for every live tree.
 *
 * Height: the tree moves along its species' height curve by a year's worth scaled by vigour, light
 * (taller neighbours shade it, less so for shade-tolerant species), drought, the establishment check
 * of a young transplant, and stunting from past browsing. A tree that begins the year inside a shelter
 * grows the shelter's gain times that year's growth (the shelter trials compare trees of one age, so
 * the tree keeps the clock it would have without the shelter, and takes its place on the curve at its
 * own height once it is out). A tree browsed this year loses its leader instead: no height growth, and
 * its top set back.
 * Diameter: grows as the species' height–diameter relation says for the height gained, faster in the
 * open and slower as the stand around it nears the most basal area the species holds at its height; the
 * extra height a shelter brings adds no diameter (sheltered trees are taller and thinner).
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
  const growthScale = year.draw.growth;
  const failureScale = year.draw.plantingFailure;
  const check = sp.establishment;
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
    const establishing = origin[i] === TreeOrigin.Planted && sincePlanting <= MAX_CHECK_YEARS ? check[s * MAX_CHECK_YEARS + sincePlanting - 1] : 1;
    const inShelter = h < shelterHeight[i];
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
      const gain = vigour[i] * light * dry * establishing * growthScale;
      if (inShelter) {
        const before = siteScale[i] * sp.curveHeightAt(s, age);
        age += harm > 0 ? gain / (1 + stunting * harm) : gain;
        hNew = h + shelterGain[s] * (siteScale[i] * sp.curveHeightAt(s, age) - before);
        if (hNew >= shelterHeight[i]) age = sp.curveAgeOf(s, hNew / siteScale[i]);
      } else {
        age += harm > 0 ? gain / (1 + stunting * harm) : gain;
        hNew = siteScale[i] * sp.curveHeightAt(s, age);
      }
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
      const thinner = inShelter ? 1 / shelterGain[s] : 1;
      if (gained > 0) diameter[i] += gained * thinner * Math.exp(-competitionSlope * (relativeDensity - referenceDensity));
      else if (diameter[i] === 0) diameter[i] = sp.diameterAt(s, hNew);
    }
    crownRadius[i] = sp.crownRadiusAt(s, hNew, diameter[i]);

    // Death: cumulative chances, one draw.
    let cause: number = DeathCause.None;
    const u = deaths.at(i, y);
    let acc = 0;
    if (sincePlanting === 1 && origin[i] === TreeOrigin.Planted) {
      const unsuited = 1 - suitability[i];
      const failure = failureScale === 1 ? plantingFailure[s] : Math.min(MAX_PLANTING_FAILURE, plantingFailure[s] * failureScale);
      acc += failure + (1 - failure) * unsuited * unsuited;
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

