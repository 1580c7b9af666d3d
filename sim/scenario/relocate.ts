import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * A scenario written to a file in another folder than the one its relative paths were written for:
 * the terrain path is rewritten to point at the same file from `toDir`, and the schema link dropped.
 */
export function relocatedScenario(scenario: unknown, fromDir: string, toDir: string): Record<string, unknown> {
  const out = structuredClone(scenario) as { $schema?: unknown; terrain?: { path?: unknown } };
  delete out.$schema;
  const path = out.terrain?.path;
  if (typeof path === 'string' && !isAbsolute(path)) out.terrain!.path = relative(toDir, resolve(fromDir, path)).split(sep).join('/');
  return out as Record<string, unknown>;
}
