/** The final state of every tree of one replicate, for exports (CSV, GeoJSON). Index = tree id. */
export interface FinalTrees {
  replicate: number;
  count: number;
  speciesIds: string[];
  x: Float64Array;
  y: Float64Array;
  species: Uint8Array;
  /** 0 outside every zone, else planting index + 1. */
  zone: Uint16Array;
  /** 0 not yet planted, 1 alive, 2 dead. */
  status: Uint8Array;
  /** 0 planted, 1 naturally regenerated. */
  origin: Uint8Array;
  height: Float32Array;
  diameter: Float32Array;
  browseCount: Uint16Array;
  /** The last year the tree's leader was browsed (a field survey counts those browsed in its year). */
  browsedYear: Int16Array;
  /** DeathCause code; see DEATH_CAUSE_NAMES. */
  cause: Uint8Array;
  plantYear: Int16Array;
  deathYear: Int16Array;
}

export const DEATH_CAUSE_NAMES = ['', 'planting_failure', 'background', 'suppression', 'drought', 'browsing', 'self_thinning'] as const;
export const STATUS_NAMES = ['not_planted', 'alive', 'dead'] as const;
