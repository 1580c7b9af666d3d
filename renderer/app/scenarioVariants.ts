/**
 * Scenario B for a comparison, made from scenario A's text: the same planting with no fences is the
 * question most users ask first ("is the fence worth its cost?").
 */
export function withoutFences(text: string): string {
  const json = JSON.parse(text) as Record<string, unknown>;
  json.fences = [];
  if (typeof json.name === 'string') json.name = `${json.name} (no fences)`;
  return JSON.stringify(json, null, 2);
}
