import { DEATH_CAUSE_NAMES, STATUS_NAMES, type FinalTrees } from '../results/trees.js';
import { csvLines } from './csvLines.js';

export const TREE_COLUMNS = [
  'id',
  'x',
  'y',
  'species',
  'zone',
  'origin',
  'status',
  'planted_year',
  'height_m',
  'diameter_cm',
  'times_browsed',
  'death_year',
  'cause_of_death',
] as const;

/** Zone name of a tree's zone code (0: outside every zone, written empty). */
export function zoneName(zoneNames: readonly string[], code: number): string {
  return code > 0 ? zoneNames[code - 1] : '';
}

/** The final state of every tree of one replicate, one row per tree in id order. */
export function treesCsv(trees: FinalTrees, zoneNames: readonly string[]): string {
  const rows: string[][] = [[...TREE_COLUMNS]];
  for (let i = 0; i < trees.count; i++) {
    const dead = trees.status[i] === 2;
    rows.push([
      String(i),
      trees.x[i].toFixed(2),
      trees.y[i].toFixed(2),
      trees.speciesIds[trees.species[i]],
      zoneName(zoneNames, trees.zone[i]),
      trees.origin[i] === 0 ? 'planted' : 'regenerated',
      STATUS_NAMES[trees.status[i]],
      String(trees.plantYear[i]),
      trees.height[i].toFixed(3),
      trees.diameter[i].toFixed(2),
      String(trees.browseCount[i]),
      dead ? String(trees.deathYear[i]) : '',
      dead ? DEATH_CAUSE_NAMES[trees.cause[i]] : '',
    ]);
  }
  return csvLines(rows);
}
