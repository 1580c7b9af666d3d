/**
 * Low-poly tree forms, one unit tall (the instance matrix scales them by tree height), as lathed
 * profiles. Vertex colours mark trunk and crown; the per-instance colour multiplies them, so crowns
 * take the species/state tint and trunks stay dark.
 */
import type { SpeciesForm } from '../../sim/hostApi/api.js';
import type { MeshArrays } from './meshBuild.js';

export type TreeDetail = 'near' | 'far';

/** [height, radius] rings from the bottom up, in units of tree height; radius 0 closes the band. */
type Profile = readonly (readonly [number, number])[];

interface Band {
  profile: Profile;
  segments: number;
  /** Vertex colour (RGB); the instance colour multiplies it. */
  color: readonly [number, number, number];
}

const TRUNK: readonly [number, number, number] = [0.42, 0.3, 0.22];
const CROWN: readonly [number, number, number] = [1, 1, 1];

// Crown radius ≈ 0.22 × height for conifers (narrow, tiered), ≈ 0.32 × height for broadleaves.
const SHAPES: Record<SpeciesForm, Record<TreeDetail, Band[]>> = {
  conifer: {
    near: [
      { profile: [[0, 0.035], [0.3, 0.028]], segments: 5, color: TRUNK },
      {
        profile: [[0.14, 0], [0.16, 0.22], [0.48, 0.1], [0.44, 0.16], [0.74, 0.05], [0.7, 0.1], [1, 0]],
        segments: 8,
        color: CROWN,
      },
    ],
    far: [{ profile: [[0.08, 0], [0.1, 0.2], [1, 0]], segments: 4, color: CROWN }],
  },
  broadleaf: {
    near: [
      { profile: [[0, 0.045], [0.45, 0.032]], segments: 5, color: TRUNK },
      {
        profile: [[0.26, 0], [0.32, 0.2], [0.45, 0.31], [0.62, 0.33], [0.8, 0.27], [0.93, 0.15], [1, 0]],
        segments: 8,
        color: CROWN,
      },
    ],
    far: [{ profile: [[0.25, 0], [0.55, 0.3], [1, 0]], segments: 4, color: CROWN }],
  },
};

export function treeShape(form: SpeciesForm, detail: TreeDetail): MeshArrays {
  const positions: number[] = [];
  const colors: number[] = [];
  const indices: number[] = [];
  for (const band of SHAPES[form][detail]) lathe(band, positions, colors, indices);
  return { positions: new Float32Array(positions), colors: new Float32Array(colors), indices: new Uint32Array(indices) };
}

function lathe(band: Band, positions: number[], colors: number[], indices: number[]): void {
  const { profile, segments, color } = band;
  const first = positions.length / 3;
  for (const [y, r] of profile) {
    // The seam vertex is repeated so each ring closes without sharing normals across it.
    for (let j = 0; j <= segments; j++) {
      const a = (j / segments) * Math.PI * 2;
      positions.push(r * Math.cos(a), y, r * Math.sin(a));
      colors.push(color[0], color[1], color[2], 1);
    }
  }
  const ring = segments + 1;
  for (let k = 0; k < profile.length - 1; k++) {
    for (let j = 0; j < segments; j++) {
      const a = first + k * ring + j;
      const b = a + 1;
      const c = a + ring;
      const d = c + 1;
      // Babylon's left-handed frame treats this winding as facing outwards.
      indices.push(a, b, c, b, d, c);
    }
  }
}
