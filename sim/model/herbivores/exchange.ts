/**
 * Movement of an animal between fenced areas as a continuous-time Markov chain over the areas, solved
 * exactly over an interval: given the share of its time the animal is in each area at the start and the
 * rates at which it crosses from one to another (constant over the interval), the shares at the end and
 * the time it spends in each area during the interval. No time step is involved.
 *
 * Small chains (the usual case: an exclosure and the ground outside it) use the matrix exponential of
 * the chain extended by its time integral, by scaling and squaring; larger ones use uniformization.
 */

/** Chains up to this many areas use the matrix exponential; larger ones uniformization. */
const DENSE_LIMIT = 12;
/** Poisson mass left out of a uniformization sum. */
const UNIFORM_TOLERANCE = 1e-13;
/** Most jumps expected in one uniformization chunk; longer intervals are cut into chunks. */
const UNIFORM_CHUNK = 40;

export class ExchangeSolver {
  private m = new Float64Array(0);
  private term = new Float64Array(0);
  private next = new Float64Array(0);
  private sum = new Float64Array(0);
  private v = new Float64Array(0);
  private w = new Float64Array(0);

  /**
   * Advances the chain over `days`: `rates` is n×n row-major, rates[i·n + j] the rate per day from area i
   * to j (the diagonal is ignored); `share` (length n) is replaced by the shares at the end, and the days
   * spent in each area are added to `time`.
   */
  advance(n: number, rates: Float64Array, share: Float64Array, days: number, time: Float64Array): void {
    if (days <= 0) return;
    if (n === 1) {
      time[0] += share[0] * days;
      return;
    }
    if (n === 2) this.pair(rates, share, days, time);
    else if (n <= DENSE_LIMIT) this.dense(n, rates, share, days, time);
    else this.uniformized(n, rates, share, days, time);
  }

  /** Two areas, in closed form: the shares relax to b/(a+b), a/(a+b) at the rate a + b. */
  private pair(rates: Float64Array, share: Float64Array, days: number, time: Float64Array): void {
    const a = rates[1];
    const b = rates[2];
    const s = a + b;
    const total = share[0] + share[1];
    if (s <= 0) {
      time[0] += share[0] * days;
      time[1] += share[1] * days;
      return;
    }
    const settled = (total * b) / s;
    const gap = share[0] - settled;
    const x = s * days;
    const decay = Math.exp(-x);
    // ∫ (settled + gap·e^(−s·t)) dt over the interval; (1 − e^(−x))/s by its series where x is tiny.
    const relaxed = x > 1e-9 ? -Math.expm1(-x) / s : days * (1 - x / 2);
    const first = settled * days + gap * relaxed;
    time[0] += first;
    time[1] += total * days - first;
    share[0] = Math.max(0, settled + gap * decay);
    share[1] = Math.max(0, total - share[0]);
  }

  private dense(n: number, rates: Float64Array, share: Float64Array, days: number, time: Float64Array): void {
    const N = 2 * n;
    const size = N * N;
    if (this.m.length < size) {
      this.m = new Float64Array(size);
      this.term = new Float64Array(size);
      this.next = new Float64Array(size);
      this.sum = new Float64Array(size);
    }
    const m = this.m;
    m.fill(0, 0, size);
    // M = days · [[Q, I], [0, 0]]: exp(M) holds exp(Q·days) top left and ∫ exp(Q·t) dt top right.
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let out = 0;
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const r = rates[i * n + j] * days;
        m[i * N + j] = r;
        out += r;
      }
      m[i * N + i] = -out;
      m[i * N + n + i] = days;
      norm = Math.max(norm, 2 * out + days);
    }
    const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
    const scale = 1 / 2 ** squarings;
    for (let k = 0; k < size; k++) m[k] *= scale;
    // Taylor series of exp(M / 2^s), whose norm is at most 1/2: twenty terms are far below rounding.
    const sum = this.sum;
    const term = this.term;
    const next = this.next;
    sum.fill(0, 0, size);
    term.fill(0, 0, size);
    for (let i = 0; i < N; i++) sum[i * N + i] = term[i * N + i] = 1;
    for (let k = 1; k <= 20; k++) {
      multiply(term, m, next, N);
      let largest = 0;
      for (let q = 0; q < size; q++) {
        const t = next[q] / k;
        term[q] = t;
        sum[q] += t;
        if (Math.abs(t) > largest) largest = Math.abs(t);
      }
      if (largest < 1e-18) break;
    }
    for (let s = 0; s < squarings; s++) {
      multiply(sum, sum, next, N);
      sum.set(next.subarray(0, size));
    }
    // Row vector times the blocks.
    const end = this.ensureVector(n);
    for (let j = 0; j < n; j++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < n; i++) {
        a += share[i] * sum[i * N + j];
        b += share[i] * sum[i * N + n + j];
      }
      end[j] = a;
      time[j] += b;
    }
    normaliseInto(share, end, n);
  }

  private uniformized(n: number, rates: Float64Array, share: Float64Array, days: number, time: Float64Array): void {
    let q = 0;
    for (let i = 0; i < n; i++) {
      let out = 0;
      for (let j = 0; j < n; j++) if (i !== j) out += rates[i * n + j];
      q = Math.max(q, out);
    }
    if (q === 0) {
      for (let i = 0; i < n; i++) time[i] += share[i] * days;
      return;
    }
    q *= 1.02;
    const chunks = Math.max(1, Math.ceil((q * days) / UNIFORM_CHUNK));
    const dt = days / chunks;
    const v = this.ensureVector(n);
    if (this.w.length < n) this.w = new Float64Array(n);
    const w = this.w;
    for (let c = 0; c < chunks; c++) {
      const lambda = q * dt;
      let poisson = Math.exp(-lambda);
      let cumulative = poisson;
      v.set(share.subarray(0, n));
      const end = new Float64Array(n);
      for (let k = 0; ; k++) {
        for (let i = 0; i < n; i++) {
          end[i] += poisson * v[i];
          time[i] += ((1 - cumulative) / q) * v[i];
        }
        if (1 - cumulative < UNIFORM_TOLERANCE || k > 10_000) break;
        // v ← v · P with P = I + Q / q.
        for (let j = 0; j < n; j++) w[j] = v[j];
        for (let i = 0; i < n; i++) {
          if (v[i] === 0) continue;
          for (let j = 0; j < n; j++) {
            if (i === j) continue;
            const move = (v[i] * rates[i * n + j]) / q;
            w[j] += move;
            w[i] -= move;
          }
        }
        v.set(w.subarray(0, n));
        poisson *= lambda / (k + 1);
        cumulative += poisson;
      }
      normaliseInto(share, end, n);
    }
  }

  private ensureVector(n: number): Float64Array {
    if (this.v.length < n) this.v = new Float64Array(n);
    return this.v;
  }
}

/** out = a · b for N×N row-major matrices. */
function multiply(a: Float64Array, b: Float64Array, out: Float64Array, N: number): void {
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
      out[i * N + j] = s;
    }
  }
}

/** Copies shares clipped at 0 and scaled back to their total (rounding cannot create or lose an animal). */
function normaliseInto(share: Float64Array, end: Float64Array, n: number): void {
  let before = 0;
  let after = 0;
  for (let i = 0; i < n; i++) {
    before += share[i];
    after += Math.max(0, end[i]);
  }
  const k = after > 0 ? before / after : 0;
  for (let i = 0; i < n; i++) share[i] = Math.max(0, end[i]) * k;
}
