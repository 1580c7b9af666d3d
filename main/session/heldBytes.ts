/**
 * The bytes of typed-array data a value holds, each underlying buffer counted once: what keeping it
 * costs. Walks plain objects and arrays a few levels deep (results, frames, terrains are shallow).
 */
export function heldBytes(value: unknown, seen = new Set<ArrayBufferLike>(), depth = 0): number {
  if (value === null || typeof value !== 'object' || depth > 6) return 0;
  if (ArrayBuffer.isView(value)) {
    if (seen.has(value.buffer)) return 0;
    seen.add(value.buffer);
    return value.buffer.byteLength;
  }
  let total = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) total += heldBytes(v, seen, depth + 1);
  return total;
}
