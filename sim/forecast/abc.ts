import { Matrix, solve } from 'ml-matrix';
import type { SiteDraw } from '../model/siteDraw.js';
import { PRIOR, fromLine, toLine } from './prior.js';

/**
 * Approximate Bayesian computation by rejection, with the local-linear regression adjustment of
 * Beaumont, Zhang & Balding (2002) Genetics 162:2025-2035.
 *
 * Why ABC and not a particle filter: what a survey sees comes from individual trees meeting herbivores
 * on terrain, so no likelihood of a survey can be written down, while simulating one is cheap. A
 * particle filter would need a transition density for the state of every tree between visits and would
 * resample whole stands; rejection ABC needs only to simulate and compare, and keeps each accepted
 * replicate's own path past the survey, which is what the re-forecast continues.
 *
 * Each particle is a draw from the prior (SiteDraw) run to the survey year and surveyed with the
 * survey's own plots. Its distance to the survey is the Euclidean distance of the figures, each scaled
 * by its median absolute deviation across particles; the nearest share is accepted with Epanechnikov
 * weights; then each quantity, on the line (prior.ts), is regressed on the figures' differences from
 * the survey over the accepted particles (weighted least squares) and moved to where the figures would
 * equal the survey's.
 */

export interface Particle {
  draw: SiteDraw;
  /** The simulated survey's figures, in `figureVector` order. */
  figures: number[];
}

export interface AbcOptions {
  /** Share of particles accepted, 0–1. */
  acceptShare: number;
  /** Accept at least this many (default 30, or four per regression coefficient where that is more). */
  minAccepted?: number;
}

export interface AbcResult {
  /** Indices of the accepted particles into the bank, nearest first. */
  accepted: number[];
  /** Epanechnikov weight of each accepted particle, summing to 1. */
  weights: number[];
  distances: number[];
  /** Each accepted particle's draw after regression adjustment: the posterior sample. */
  adjusted: SiteDraw[];
  /** Scale of each figure (its median absolute deviation across the bank); 0 for a figure left out. */
  scales: number[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A figure's scale: its median absolute deviation, or its standard deviation where half the bank agrees exactly. */
function scaleOf(values: number[]): number {
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  if (mad > 0) return mad;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}

export function condition(bank: readonly Particle[], observed: readonly number[], options: AbcOptions): AbcResult {
  const n = bank.length;
  const dims = observed.length;
  const scales = Array.from({ length: dims }, (_, j) => scaleOf(bank.map((p) => p.figures[j])));
  const used = scales.map((s) => s > 0);
  const scaled = (figures: readonly number[]) => figures.map((v, j) => (used[j] ? (v - observed[j]) / scales[j] : 0));
  const distance = bank.map((p) => Math.hypot(...scaled(p.figures)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => distance[a] - distance[b] || a - b);
  // Enough accepted particles to fit the regression: at least four per coefficient.
  const k = Math.min(n, Math.max(options.minAccepted ?? Math.max(30, 4 * (dims + 1)), Math.round(n * options.acceptShare)));
  const accepted = order.slice(0, k);
  // The bandwidth just beyond the farthest accepted, so every accepted particle has some weight.
  const farthest = distance[accepted[k - 1]];
  const next = k < n ? distance[order[k]] : farthest;
  const delta = next > farthest ? (farthest + next) / 2 : farthest * 1.0001 + 1e-12;
  const raw = accepted.map((i) => 1 - (distance[i] / delta) ** 2);
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);

  // Local-linear regression adjustment, quantity by quantity, on the figures that vary.
  const columns = used.map((u, j) => (u ? j : -1)).filter((j) => j >= 0);
  const x = accepted.map((i) => {
    const s = scaled(bank[i].figures);
    return [1, ...columns.map((j) => s[j])];
  });
  const adjusted = accepted.map((i) => ({ ...bank[i].draw }));
  if (columns.length + 1 < k) {
    const sqrtW = weights.map(Math.sqrt);
    const xw = new Matrix(x.map((row, r) => row.map((v) => v * sqrtW[r])));
    for (const p of PRIOR) {
      const z = accepted.map((i) => toLine(p, bank[i].draw[p.key]));
      const zw = Matrix.columnVector(z.map((v, r) => v * sqrtW[r]));
      const beta = solve(xw, zw, true).to1DArray();
      accepted.forEach((_, r) => {
        let shift = 0;
        for (let c = 1; c < beta.length; c++) shift += beta[c] * x[r][c];
        adjusted[r][p.key] = fromLine(p, z[r] - shift);
      });
    }
  }
  return { accepted, weights, distances: accepted.map((i) => distance[i]), adjusted, scales: scales.map((s, j) => (used[j] ? s : 0)) };
}
