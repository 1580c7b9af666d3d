/** Synthetic sites and run frames for the 3D view tests: small, deterministic, in a far-from-zero CRS. */
import type { FenceView, SiteView, SpeciesView, ZoneView } from '../../sim/hostApi/api.js';
import type { TreeLayout, YearFrame } from '../../sim/results/frames.js';

export const WEST = 500_000;
export const SOUTH = 6_200_000;

export interface SiteOptions {
  cols?: number;
  rows?: number;
  cellSize?: number;
  /** Make the north-west quarter of the grid NaN (outside the site). */
  nanCorner?: boolean;
  species?: SpeciesView[];
  zones?: ZoneView[];
  fences?: FenceView[];
}

export const SPECIES: SpeciesView[] = [
  { id: 'pine', name: 'Scots pine', form: 'conifer', browseHeight: 1.5 },
  { id: 'birch', name: 'Downy birch', form: 'broadleaf', browseHeight: 1.5 },
  { id: 'oak', name: 'Sessile oak', form: 'broadleaf', browseHeight: 1.5 },
];

export function makeSite(options: SiteOptions = {}): SiteView {
  const cols = options.cols ?? 40;
  const rows = options.rows ?? 30;
  const cellSize = options.cellSize ?? 10;
  const species = options.species ?? SPECIES;
  const elevation = new Float32Array(cols * rows);
  const slope = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const outside = options.nanCorner === true && r < rows / 2 && c < cols / 2;
      // Rises towards the east (0.1 m per metre) so heights identify positions.
      elevation[i] = outside ? NaN : 200 + (c + 0.5) * cellSize * 0.1;
      slope[i] = outside ? NaN : 5.7;
    }
  }
  const suitability = species.map((_, s) => Uint8Array.from({ length: cols * rows }, (_, i) => (i * (s + 1)) % 256));
  return {
    name: 'test',
    description: '',
    seed: 1,
    years: 10,
    replicates: 1,
    terrain: {
      cols,
      rows,
      cellSize,
      west: WEST,
      south: SOUTH,
      crs: 'EPSG:32630',
      elevation,
      slope,
      minElevation: 200,
      maxElevation: 200 + cols * cellSize * 0.1,
    },
    suitability,
    species,
    zones: options.zones ?? [],
    fences: options.fences ?? [],
    herbivores: [{ kind: 'red-deer', name: 'Red deer', densityPerKm2: 10 }],
    bill: [],
    warnings: [],
    carbonUnits: { baselineTco2ePerHaPerYear: 0, vegetationRemovedTco2ePerHa: 0, soilDisturbanceTco2ePerHa: 0, buffer: 0.2, verificationYears: [5] },
    wccLookup: { years: 10, low: [], high: [], tables: [] },
  };
}

/** A square zone in CRS metres from local corner (x0, y0) with side `size`. */
export function squareZone(name: string, x0: number, y0: number, size: number): ZoneView {
  return {
    name,
    zoneIndex: 1,
    polygon: [
      [WEST + x0, SOUTH + y0],
      [WEST + x0 + size, SOUTH + y0],
      [WEST + x0 + size, SOUTH + y0 + size],
      [WEST + x0, SOUTH + y0 + size],
    ],
    areaHa: (size * size) / 10_000,
    density: 2000,
    year: 0,
    species: [{ id: 'pine', fraction: 1 }],
    fences: [],
  };
}

export function straightFence(name: string, from: [number, number], to: [number, number], installYear: number, removeYear: number | null): FenceView {
  return {
    name,
    type: 'deer',
    typeName: 'Deer fence',
    path: [
      [WEST + from[0], SOUTH + from[1]],
      [WEST + to[0], SOUTH + to[1]],
    ],
    closed: false,
    installYear,
    removeYear,
    lengthM: Math.hypot(to[0] - from[0], to[1] - from[1]),
    heightM: 1.8,
    costPerMetre: 10,
    maintenancePerMetrePerYear: 0.5,
    breachRatePerKmPerYear: 1,
    repairDelayDays: 30,
    protects: [],
  };
}

/** `count` trees on a regular grid inside a local rectangle, species cycling through `speciesCount`. */
export function makeLayout(count: number, widthM: number, depthM: number, speciesCount = SPECIES.length): TreeLayout {
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const species = new Uint8Array(count);
  const zone = new Uint16Array(count);
  const perRow = Math.ceil(Math.sqrt((count * widthM) / depthM));
  const spacing = widthM / perRow;
  for (let i = 0; i < count; i++) {
    x[i] = WEST + (i % perRow + 0.5) * spacing;
    y[i] = SOUTH + (Math.floor(i / perRow) + 0.5) * spacing;
    species[i] = i % speciesCount;
    zone[i] = 1;
  }
  return { replicate: 0, count, x, y, species, zone, speciesIds: SPECIES.slice(0, speciesCount).map((s) => s.id) };
}

export interface FrameOptions {
  /** Per tree: status at this year (default 1). */
  status?: (i: number) => number;
  height?: (i: number) => number;
  browsed?: (i: number) => boolean;
  appended?: [number, number, number][];
  tracks?: { samples: number; animals: number; positions: number[] };
  breaches?: number[];
  /** Herbivore use: a grid from the site's south-west corner (site metres), animal-days per ha row by row from the north. */
  use?: { cols: number; rows: number; cellSize: number; perHa: number[] };
}

/** A frame of `count` trees (plus appended ones); heights default to 0.5 + year. */
export function makeFrame(year: number, count: number, options: FrameOptions = {}): YearFrame {
  const appended = options.appended ?? [];
  const n = count + appended.length;
  const height = new Float32Array(n);
  const status = new Uint8Array(n);
  const browsed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    status[i] = options.status ? options.status(i) : 1;
    height[i] = options.height ? options.height(i) : 0.5 + year;
    browsed[i] = options.browsed?.(i) ? 1 : 0;
  }
  return {
    replicate: 0,
    year,
    count: n,
    appended: Float64Array.from(appended.flatMap(([x, y]) => [WEST + x, SOUTH + y])),
    appendedSpecies: Uint8Array.from(appended.map(([, , s]) => s)),
    height,
    status,
    browsed,
    tracks: Float32Array.from((options.tracks?.positions ?? []).map((v, k) => v + (k % 2 === 0 ? WEST : SOUTH))),
    trackSamples: options.tracks?.samples ?? 0,
    animals: options.tracks?.animals ?? 0,
    breaches: Float32Array.from((options.breaches ?? []).map((v, k) => v + (k % 2 === 0 ? WEST : SOUTH))),
    ...(options.use
      ? {
          use: {
            cols: options.use.cols,
            rows: options.use.rows,
            cellSize: options.use.cellSize,
            west: WEST,
            north: SOUTH + options.use.rows * options.use.cellSize,
            perHa: Float32Array.from(options.use.perHa),
          },
        }
      : {}),
  };
}
