import type { KeyedDraws, Rng } from '../../random/rng.js';
import type { BeatingUp } from '../beatingUp.js';
import type { FenceNetwork } from '../fences.js';
import type { TreeIndex } from '../grid.js';
import type { CompetitionField } from '../competition.js';
import type { Forage } from '../herbivores/forage.js';
import type { Herd } from '../herbivores/herd.js';
import type { MetricsRecorder, YearTallies } from '../metrics.js';
import type { PlantedZone } from '../planting.js';
import type { Site } from '../site.js';
import type { SiteDraw } from '../siteDraw.js';
import type { TreeStore } from '../trees.js';
import type { FrameOutput } from './frames.js';

/** The random streams of one replicate, one per process, so a draw added in one never shifts another's. */
export interface ReplicateStreams {
  planting: Rng;
  herbivores: Rng;
  fences: Rng;
  regeneration: Rng;
  climate: Rng;
  /** Each tree's yearly draw for death, keyed by tree and year. */
  deaths: KeyedDraws;
  /** Where each animal's home range lies at the start, keyed by population, animal and try. */
  homes: KeyedDraws;
  /** Which dead trees' places are planted again, keyed by tree and year. */
  beatingUp: KeyedDraws;
}

/**
 * What the browsing model of a year does: spread the herd over the ground it can reach in the year and
 * browse saplings, adding what it did to the year's tallies (browsed saplings, animal-days per zone).
 * The field (the default) and the reference walk each implement it.
 */
export interface HerbivoreModel {
  browseYear(ctx: YearContext): void;
}

/** Everything a yearly process reads and changes, for one replicate; `year` and `day0` move on each year. */
export interface YearContext {
  readonly site: Site;
  readonly replicate: number;
  /** The year being simulated (the interval from year − 1 to year). */
  year: number;
  /** First herbivore day of the year, counted from the start of year 1 (breaches and inspections are timed in days). */
  day0: number;
  readonly rng: ReplicateStreams;
  /** How this replicate's site differs from the plan's assumptions (NEUTRAL_DRAW in a plan's own runs). */
  readonly draw: Readonly<SiteDraw>;
  readonly trees: TreeStore;
  /** Live trees by grid cell, rebuilt before browsing. */
  readonly index: TreeIndex;
  readonly field: CompetitionField;
  readonly fences: FenceNetwork;
  readonly herd: Herd;
  readonly forage: Forage;
  readonly herbivores: HerbivoreModel;
  readonly planted: readonly PlantedZone[];
  readonly beatingUp: BeatingUp;
  readonly tallies: YearTallies;
  readonly recorder: MetricsRecorder;
  /** Frames for the 3D view, when this replicate is the one shown. */
  readonly frames: FrameOutput | undefined;
  /** Called a few times within a year while the herd browses, with the share of the year done. */
  onPartOfYear: ((share: number) => void) | undefined;
}

/** One yearly process of the model: a module behind this interface, run in a fixed order (`YEARLY_PROCESSES`). */
export interface YearlyProcess {
  readonly name: string;
  run(ctx: YearContext): void;
}
