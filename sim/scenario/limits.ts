/** The limits of the scenario format: the largest values accepted anywhere. */

/** The most trees a replicate holds, planted and regenerated together. */
export const MAX_TREES = 20_000_000;

/** The most animals a site holds, all populations together. */
export const MAX_ANIMALS = 100_000;

/** The largest values accepted anywhere, to turn typing mistakes into errors rather than runs that never end. */
export const LIMITS = {
  years: 300,
  replicates: 10_000,
  terrainCells: 50_000_000,
  treesPerScenario: MAX_TREES,
  herbivores: 100_000,
  density: 40_000,
  /** Vertices of one zone, area or fence: the checks for self-crossing compare every pair of edges. */
  vertices: 10_000,
  /** Animal movement steps in one simulated year (animals × steps a day × days): about a minute of one core. */
  animalStepsPerYear: 200_000_000,
  /** Planting zones of one plan: each carries its own metrics every year of every replicate. */
  zones: 1_000,
  /** Fences of one plan: every area a closed fence makes is checked against every fence. */
  fences: 1_000,
  /** Vertices of every zone, fence and herbivore area of one plan together. */
  totalVertices: 200_000,
  /** New fence breaches expected in the plan's worst year, and breaches open at once (each splits the herd's year). */
  breachesPerYear: 2_000,
  openBreaches: 500,
  /** Bytes of the yearly metrics a run holds (replicates × years × zones × metrics). */
  resultBytes: 2 ** 30,
} as const;

/**
 * The most a cost may be per tree and per hectare, in the scenario's currency: far above any real
 * planting, low enough that no total over the largest site and longest run can overflow.
 */
export const MONEY = { perTree: 10_000, perHectare: 10_000_000 } as const;
