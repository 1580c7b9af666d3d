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
  private readonly table: Float64Array;
  /** Table entries per metre. */
  private readonly perMetre: number;
  private readonly last: number;

  constructor(radius: number, kernel: KernelTable) {
    const n = kernel.density.length;
    // Density per R² to per m².
    this.table = Float64Array.from(kernel.density, (d) => d / (radius * radius));
    this.perMetre = 1 / (kernel.step * radius);
    this.last = n - 1;
    this.reach = (n - 1) * kernel.step * radius;
    this.reach2 = this.reach * this.reach;
  }

  /** Density per m² at a squared distance from the centre. */
  at2(r2: number): number {
    if (r2 >= this.reach2) return 0;
    const x = Math.sqrt(r2) * this.perMetre;
    const i = x | 0;
    if (i >= this.last) return 0;
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
