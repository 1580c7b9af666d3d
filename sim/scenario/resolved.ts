import type { FenceType, HerbivoreKind, Processes, SpeciesParams } from '../library/schema.js';
import type { EffectiveParameters } from './effective.js';
import type { Scenario } from './schema.js';

/**
 * A validated scenario with its parameters looked up: library entries merged with the scenario's
 * overrides. Plain data, so it crosses to worker threads by structured clone.
 */
export interface ResolvedScenario {
  scenario: Scenario;
  /** Species ids in code order: a tree's species code indexes this list. */
  speciesIds: string[];
  species: SpeciesParams[];
  herbivoreKinds: Record<string, HerbivoreKind>;
  fenceTypes: Record<string, FenceType>;
  /** Constants of the yearly processes (assets/library/processes.json). */
  processes: Processes;
  /** Per fence and herbivore kind, the values a run uses (scenario overrides over the library). */
  effective: EffectiveParameters;
  /** The folder relative paths in the scenario are resolved against. */
  baseDir: string;
}
