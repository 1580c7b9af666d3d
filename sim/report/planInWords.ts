import { zonesInsideFence } from '../model/site.js';
import { formatNumber } from '../output/format.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { openRing, polygonArea, polylineLength } from '../shared/polygon.js';

/**
 * The plan the report's figures come from, in a few sentences: its zones, fences and herbivores as
 * they run, whatever the scenario's own description (written when the file was made) still says.
 */
/** A quantity as a planner writes it: no trailing zeros, up to two decimals. */
const amount = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 2 });

export function planInWords(resolved: ResolvedScenario): string[] {
  const sc = resolved.scenario;
  const speciesName = (id: string) => resolved.species[resolved.speciesIds.indexOf(id)]?.name ?? id;
  const protectedBy = new Map<string, string[]>();
  sc.fences.forEach((f, fi) => {
    for (const zone of zonesInsideFence(sc, fi)) protectedBy.set(zone, [...(protectedBy.get(zone) ?? []), `"${f.name}"`]);
  });
  const totalHa = sc.plantings.reduce((s, p) => s + polygonArea(openRing(p.polygon)) / 10_000, 0);
  const zones = sc.plantings.map((p) => {
    const mix = p.species.map((m) => `${speciesName(m.species)} ${formatNumber(m.fraction * 100)}%`).join(', ');
    const fences = protectedBy.get(p.name);
    const shelters = p.shelters ? `, in ${amount(p.shelters.height)} m shelters${p.shelters.species ? ` (${p.shelters.species.map(speciesName).join(', ')})` : ''}` : '';
    const where = fences ? `inside ${fences.join(' and ')}` : sc.herbivores.length > 0 ? 'open to browsing' : 'unfenced';
    return `"${p.name}", ${formatNumber(polygonArea(openRing(p.polygon)) / 10_000, 1)} ha at ${formatNumber(p.density)} stems/ha in year ${p.year} (${mix})${shelters}, ${where}`;
  });
  const out = [`${sc.plantings.length === 1 ? 'One zone' : `${sc.plantings.length} zones`}, ${formatNumber(totalHa, 1)} ha in all: ${zones.join('; ')}.`];
  if (sc.fences.length > 0) {
    const fences = sc.fences.map((f, fi) => {
      const path = f.closed ? openRing(f.path) : f.path;
      const until = f.removalYear !== undefined ? ` to year ${f.removalYear}` : '';
      return `"${f.name}", ${resolved.effective.fences[fi].typeName.toLowerCase()}, ${formatNumber(polylineLength(path, f.closed))} m${f.closed ? ' closed' : ' open'}, from year ${f.installYear}${until}`;
    });
    out.push(`${sc.fences.length === 1 ? 'Fence' : 'Fences'}: ${fences.join('; ')}.`);
  } else out.push('No fences.');
  if (sc.herbivores.length > 0) {
    const herds = sc.herbivores.map((h) => {
      const name = resolved.herbivoreKinds[h.kind].name.toLowerCase();
      const size = h.densityPerKm2 !== undefined ? `at ${amount(h.densityPerKm2)} per km²` : `${formatNumber(h.count ?? 0)} animals`;
      return `${name} ${size}${h.cullingRate ? `, ${formatNumber(h.cullingRate * 100)}% culled a year` : ''}`;
    });
    out.push(`Herbivores: ${herds.join('; ')}${sc.deerControl ? ', with deer control' : ''}.`);
  } else out.push('No herbivores.');
  return out;
}
