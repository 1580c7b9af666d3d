/**
 * The colours zones are drawn in on the page's map and the report's, in zone order (0–1 RGB), so a
 * zone is the same colour wherever a planner sees it. None is white, grey or red, which the editor
 * keeps for the selection, removed shapes and problems.
 */
export const ZONE_RGB: readonly (readonly [number, number, number])[] = [
  [1, 0.85, 0.2],
  [0.3, 0.8, 1],
  [1, 0.45, 0.75],
  [0.6, 1, 0.4],
  [1, 0.6, 0.25],
  [0.75, 0.6, 1],
];

/** Colour of zone `index` (its position in the plan's zones), 0–1 RGB. */
export function zoneRgb(index: number): readonly [number, number, number] {
  return ZONE_RGB[index % ZONE_RGB.length];
}

/** Colour of zone `index` as #rrggbb. */
export function zoneHex(index: number): string {
  return `#${zoneRgb(index).map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`;
}
