/**
 * Seeded random streams. Every replicate draws from its own stream derived from (seed, replicate, purpose),
 * so results never depend on which thread ran a replicate or in what order.
 *
 * The generator is xoshiro128** (Blackman & Vigna 2018): 32-bit state words suit JavaScript's integer
 * arithmetic, and it passes BigCrush. Seeds are expanded with SplitMix32 so nearby seeds give unrelated streams.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = NaN;

  constructor(...seedWords: number[]) {
    let h = 0x9e3779b9;
    for (const w of seedWords) h = splitMix32(h ^ (w >>> 0)) ^ Math.imul(h, 0x85ebca6b);
    this.a = splitMix32(h);
    this.b = splitMix32(this.a ^ 0x6a09e667);
    this.c = splitMix32(this.b ^ 0xbb67ae85);
    this.d = splitMix32(this.c ^ 0x3c6ef372);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const s = this.spareNormal;
      this.spareNormal = NaN;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** Poisson deviate: Knuth's method for small means, a rounded normal approximation for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Binomial deviate. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n < 64) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    const mean = n * p;
    const sd = Math.sqrt(mean * (1 - p));
    return Math.min(n, Math.max(0, Math.round(mean + sd * this.normal())));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitMix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Uniform numbers in [0, 1) that depend only on their keys (counter-based draws): the same keys give the
 * same number whatever else was drawn before, so two plans that differ in one place draw the same
 * numbers everywhere else (common random numbers, tree by tree). The stream's own keys are mixed once;
 * each draw then mixes in its two keys with two rounds of MurmurHash3's finaliser.
 */
export class KeyedDraws {
  private readonly base: number;

  constructor(...streamKeys: number[]) {
    let h = 0x243f6a88;
    for (const k of streamKeys) h = splitMix32(h ^ (k >>> 0));
    this.base = h;
  }

  at(a: number, b: number): number {
    return fmix32(fmix32(this.base ^ Math.imul(a, 0x9e3779b1)) ^ Math.imul(b, 0x85ebca77)) / 4294967296;
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Purposes of the random streams of one replicate, so adding a draw in one model step never shifts another's. */
export enum Stream {
  Planting = 1,
  Herbivores = 2,
  Fences = 3,
  Growth = 4,
  Regeneration = 6,
  Climate = 7,
  /** Where the view draws animals: never read by the model, so showing a run does not change it. */
  Display = 8,
  /** Keys of the keyed draws of browsing (each sapling's threshold, year by year). */
  Browsing = 9,
  /** Which dead trees' places are planted again, and the new plants' vigour. */
  BeatingUp = 10,
  /** Site draws from the prior when a forecast is conditioned on a survey. */
  SiteDraws = 11,
  /** The sampling error of a simulated survey (herbivore counts), and synthetic surveys. */
  Survey = 12,
}

export function replicateStream(seed: number, replicate: number, purpose: Stream): Rng {
  return new Rng(seed, replicate, purpose);
}
