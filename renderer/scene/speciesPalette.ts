/** Species colours for trees (and any legend that should match them): dark greens for conifers, lighter for broadleaves. */
import type { SpeciesView } from '../../sim/hostApi/api.js';

export type Rgb = readonly [number, number, number];

const CONIFER: readonly Rgb[] = [
  [0.16, 0.36, 0.2],
  [0.24, 0.44, 0.26],
  [0.12, 0.3, 0.28],
  [0.3, 0.38, 0.18],
];
const BROADLEAF: readonly Rgb[] = [
  [0.45, 0.64, 0.26],
  [0.62, 0.66, 0.24],
  [0.36, 0.56, 0.34],
  [0.55, 0.56, 0.3],
];

/** One colour per species, in species order; species of the same form get distinct shades in turn. */
export function speciesColors(species: readonly SpeciesView[]): Rgb[] {
  let conifers = 0;
  let broadleaves = 0;
  return species.map((s) =>
    s.form === 'conifer' ? CONIFER[conifers++ % CONIFER.length] : BROADLEAF[broadleaves++ % BROADLEAF.length],
  );
}
