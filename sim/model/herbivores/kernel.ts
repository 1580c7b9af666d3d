import type { KernelTable } from '../../scenario/effective.js';

/**
 * An animal's home-range kernel in metres: its time-use density per m² by distance from its home-range
 * centre, in open uniform country, as the reference walk produces it (measured on the walk,
 * assets/library/home-kernels.json). It integrates to 1 over the plane and is 0 beyond `reach`.
 */
export class HomeKernel {
  /** Distance beyond which the density is 0, m. */
  readonly reach: number;
  readonly reach2: number;
  /** The density by squared distance, in SQUARED_STEPS steps up to the reach: no square root per look-up. */
  private readonly table: Float64Array;
  private readonly perSquareMetre: number;
  private static readonly SQUARED_STEPS = 8192;

  constructor(radius: number, kernel: KernelTable) {
    const n = kernel.density.length;
    this.reach = (n - 1) * kernel.step * radius;
    this.reach2 = this.reach * this.reach;
    const steps = HomeKernel.SQUARED_STEPS;
    this.perSquareMetre = steps / this.reach2;
    // Density per R² to per m², by distance in units of the table's step.
    const per = 1 / (radius * radius);
    this.table = new Float64Array(steps + 2);
    for (let j = 0; j <= steps; j++) {
      const x = (Math.sqrt((j / steps) * this.reach2) / radius) / kernel.step;
      const i = Math.min(n - 2, Math.floor(x));
      const a = kernel.density[i];
      this.table[j] = Math.max(0, a + (x - i) * (kernel.density[i + 1] - a)) * per;
    }
  }

  /** Density per m² at a squared distance from the centre. */
  at2(r2: number): number {
    if (r2 >= this.reach2) return 0;
    const x = r2 * this.perSquareMetre;
    const i = x | 0;
    const a = this.table[i];
    return a + (x - i) * (this.table[i + 1] - a);
  }

  /** Density per m² at (x, y) for a home-range centre at (hx, hy). */
  atPoint(hx: number, hy: number, x: number, y: number): number {
    const dx = x - hx;
    const dy = y - hy;
    return this.at2(dx * dx + dy * dy);
  }
}
