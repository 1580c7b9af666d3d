/**
 * The decisions of a search of plans in words, from the names of their genes ("fence:ZONE",
 * "shelters:ZONE", "density:ZONE", "mix:ZONE:SPECIES", "line:FENCE:VERTEX:AXIS", "cull") and the
 * values the plan files and front.csv write.
 */
const number = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/**
 * A decision's name in words from its gene's name: "fence:west" → "fence west",
 * "line:deer fence:3:x" → "line deer fence vertex 3 x", "mix:west:rowan" → "mix west rowan".
 */
export function decisionName(gene: string): string {
  const colon = gene.indexOf(':');
  if (colon < 0) return gene;
  const kind = gene.slice(0, colon);
  const rest = gene.slice(colon + 1);
  if (kind === 'line') {
    const m = /^(.*):(\d+):([xy])$/.exec(rest);
    if (m) return `line ${m[1]} vertex ${m[2]} ${m[3]}`;
  }
  if (kind === 'mix') {
    const last = rest.lastIndexOf(':');
    if (last >= 0) return `mix ${rest.slice(0, last)} ${rest.slice(last + 1)}`;
  }
  return `${kind} ${rest}`;
}

/** A decision's value in words, with its unit: "fenced", "1.2 m" shelters, "1,600/ha", a cull to "5/km2", a line moved "+20 m". */
export function decisionValue(gene: string, label: string): string {
  const kind = gene.split(':')[0];
  const v = Number(label);
  if (label === 'none' || !Number.isFinite(v)) return label;
  switch (kind) {
    case 'shelters':
      return `${number(v)} m`;
    case 'density':
      return `${number(v)}/ha`;
    case 'cull':
      return `${number(v)}/km2`;
    case 'line':
      return `${v > 0 ? '+' : ''}${number(v)} m`;
    case 'mix':
      return `weight ${number(v)}`;
    default:
      return label;
  }
}

/**
 * A plan of a search's decisions, each named by its gene (`genes`, as sim/optimise/decisions.ts names
 * them) with its value (`labels`, in the same order): "fence west: open; density middle: 1,600/ha".
 */
export function namedDecisions(genes: readonly string[], labels: readonly string[]): string {
  return genes.map((g, i) => `${decisionName(g)}: ${decisionValue(g, labels[i])}`).join('; ');
}
