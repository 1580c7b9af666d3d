import type { Rng } from '../random/rng.js';
import { snap, type Gene, type Genome } from './decisions.js';

/**
 * NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002, IEEE Trans. Evol. Comput. 6:182-197) for plans of
 * mixed choice and number genes: objectives are all minimised, and a plan over its limits
 * (`violation` > 0) is dominated by any plan within them and ranks among the others by how far over
 * it is (constrained domination, section IV of the paper). Ties are broken by the plan's key, so the
 * same seed gives the same search.
 */
export interface Scored {
  key: string;
  objectives: readonly number[];
  /** How far the plan is over its limits, 0 within them. */
  violation: number;
}

/** Whether a beats b under constrained domination. */
export function dominates(a: Scored, b: Scored): boolean {
  if (a.violation > 0 || b.violation > 0) return a.violation < b.violation;
  let better = false;
  for (let i = 0; i < a.objectives.length; i++) {
    if (a.objectives[i] > b.objectives[i]) return false;
    if (a.objectives[i] < b.objectives[i]) better = true;
  }
  return better;
}

/** Fronts of indices into `pop`: the first holds the plans nothing dominates, and so on. */
export function nonDominatedFronts(pop: readonly Scored[]): number[][] {
  const n = pop.length;
  const beaten = new Int32Array(n);
  const beats: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(pop[i], pop[j])) {
        beats[i].push(j);
        beaten[j]++;
      } else if (dominates(pop[j], pop[i])) {
        beats[j].push(i);
        beaten[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [...Array(n).keys()].filter((i) => beaten[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of beats[i]) if (--beaten[j] === 0) next.push(j);
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Crowding distance of each plan of a front (Infinity at the ends of each objective). */
export function crowding(pop: readonly Scored[], front: readonly number[]): Map<number, number> {
  const out = new Map(front.map((i) => [i, 0]));
  const m = pop[front[0]]?.objectives.length ?? 0;
  for (let k = 0; k < m; k++) {
    const sorted = [...front].sort((a, b) => pop[a].objectives[k] - pop[b].objectives[k] || pop[a].key.localeCompare(pop[b].key));
    const lo = pop[sorted[0]].objectives[k];
    const hi = pop[sorted[sorted.length - 1]].objectives[k];
    out.set(sorted[0], Infinity);
    out.set(sorted[sorted.length - 1], Infinity);
    if (hi === lo) continue;
    for (let i = 1; i < sorted.length - 1; i++) {
      out.set(sorted[i], out.get(sorted[i])! + (pop[sorted[i + 1]].objectives[k] - pop[sorted[i - 1]].objectives[k]) / (hi - lo));
    }
  }
  return out;
}

/** Rank and crowding of every plan: the order NSGA-II keeps plans in (lower rank, then more crowding, then key). */
export function rankAll(pop: readonly Scored[]): { rank: Int32Array; crowd: Float64Array; order: number[] } {
  const rank = new Int32Array(pop.length);
  const crowd = new Float64Array(pop.length);
  nonDominatedFronts(pop).forEach((front, r) => {
    const c = crowding(pop, front);
    for (const i of front) {
      rank[i] = r;
      crowd[i] = c.get(i)!;
    }
  });
  const order = [...pop.keys()].sort((a, b) => rank[a] - rank[b] || crowd[b] - crowd[a] || pop[a].key.localeCompare(pop[b].key));
  return { rank, crowd, order };
}

/** Binary tournament by rank, then crowding. */
function tournament(n: number, rank: Int32Array, crowd: Float64Array, rng: Rng): number {
  const a = rng.int(n);
  const b = rng.int(n);
  if (rank[a] !== rank[b]) return rank[a] < rank[b] ? a : b;
  return crowd[a] >= crowd[b] ? a : b;
}

/**
 * Children of a ranked population: parents by tournament, uniform crossover gene by gene, then each
 * gene mutated with chance 1/genes: a choice to another option, a number by a step-scaled Gaussian
 * jump of a tenth of its range (at least one step).
 */
export function offspring(parents: readonly Genome[], rank: Int32Array, crowd: Float64Array, genes: readonly Gene[], count: number, rng: Rng): Genome[] {
  const out: Genome[] = [];
  const pm = 1 / Math.max(1, genes.length);
  while (out.length < count) {
    const a = parents[tournament(parents.length, rank, crowd, rng)];
    const b = parents[tournament(parents.length, rank, crowd, rng)];
    const c1: Genome = [];
    const c2: Genome = [];
    genes.forEach((_, g) => {
      const swap = rng.chance(0.5);
      c1.push(swap ? b[g] : a[g]);
      c2.push(swap ? a[g] : b[g]);
    });
    for (const child of [c1, c2]) {
      genes.forEach((gene, g) => {
        if (!rng.chance(pm)) return;
        if (gene.kind === 'choice') {
          if (gene.options.length > 1) child[g] = (child[g] + 1 + rng.int(gene.options.length - 1)) % gene.options.length;
        } else {
          const jump = Math.max(gene.step, (gene.max - gene.min) / 10) * rng.normal();
          child[g] = snap(gene, child[g] + jump);
        }
      });
      if (out.length < count) out.push(child);
    }
  }
  return out;
}

/** A genome drawn uniformly over the genes. */
export function randomGenome(genes: readonly Gene[], rng: Rng): Genome {
  return genes.map((g) => (g.kind === 'choice' ? rng.int(g.options.length) : snap(g, g.min + rng.next() * (g.max - g.min))));
}
