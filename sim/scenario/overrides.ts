/**
 * Merges a scenario's partial override into a library entry. A bare number given where the library
 * has `{ value, source }` replaces the value and records that the scenario set it.
 */
export function mergeOverride(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && 'value' in base && 'source' in base && typeof override === 'number') {
    return { value: override, source: 'set in the scenario' };
  }
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = mergeOverride(base[k], v);
    if ('source' in base && !('source' in override) && Object.keys(override).length > 0) {
      out.source = `${String(base.source)} (partly overridden in the scenario)`;
    }
    return out;
  }
  return override;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
