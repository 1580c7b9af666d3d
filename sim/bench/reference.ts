import type { ScenarioInput } from '../scenario/schema.js';

/**
 * The benchmark's reference scenario: 1 km × 1 km planted at 2,500 stems/ha (250,000 trees of four
 * species) in the middle of a 2 km × 2 km glen, a deer fence around the western half, red deer at
 * 20 per km² over the whole extent, 50 years.
 */
export function referenceScenario(replicates: number): ScenarioInput {
  const mix = [
    { species: 'sitka_spruce', fraction: 0.4 },
    { species: 'scots_pine', fraction: 0.3 },
    { species: 'downy_birch', fraction: 0.2 },
    { species: 'rowan', fraction: 0.1 },
  ];
  return {
    schemaVersion: 1,
    name: 'benchmark reference',
    seed: 1,
    years: 50,
    replicates,
    terrain: { type: 'procedural', width: 2000, height: 2000, cellSize: 10, relief: 150, baseElevation: 100, shape: 'glen' },
    plantings: [
      { name: 'west', polygon: [[500, 500], [1000, 500], [1000, 1500], [500, 1500]], species: mix, density: 2500 },
      { name: 'east', polygon: [[1000, 500], [1500, 500], [1500, 1500], [1000, 1500]], species: mix, density: 2500 },
    ],
    fences: [
      { name: 'west fence', type: 'deer_fence', closed: true, path: [[495, 495], [1000, 495], [1000, 1505], [495, 1505]] },
    ],
    // No growth or culling: the herd stays at 20 per km² for the whole run.
    herbivores: [{ kind: 'red_deer', densityPerKm2: 20 }],
    // An ideal site everywhere, so every planted tree lives long enough to be counted.
    species: Object.fromEntries(mix.map((m) => [m.species, { site: { elevationOptimumMax: 5000, elevationLimit: 6000, slopeLimit: 89, wetnessOptimum: [-100, 100] } }])),
  };
}
