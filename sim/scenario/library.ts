import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { assetPath } from '../assets.js';
import { ScenarioError, issueFromZod } from './issues.js';
import {
  costLibrarySchema,
  fenceTypeLibrarySchema,
  herbivoreLibrarySchema,
  homeKernelsSchema,
  processesSchema,
  speciesLibrarySchema,
  type Library,
} from '../library/schema.js';

function readLibraryFile<T>(name: string, schema: z.ZodType<T>): T {
  const file = assetPath('library', name);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScenarioError([{ path: '', message: `cannot read the parameter library: ${(err as Error).message}` }], file);
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.map((i) => issueFromZod(i)), file);
  return parsed.data;
}

let cached: Library | undefined;

/** The bundled parameter library (assets/library), validated once per process. */
export function loadLibrary(): Library {
  cached ??= {
    species: readLibraryFile('species.json', speciesLibrarySchema),
    herbivores: readLibraryFile('herbivores.json', herbivoreLibrarySchema),
    fenceTypes: readLibraryFile('fence-types.json', fenceTypeLibrarySchema),
    processes: readLibraryFile('processes.json', processesSchema),
    costs: readLibraryFile('costs.json', costLibrarySchema),
    homeKernels: readLibraryFile('home-kernels.json', homeKernelsSchema),
  };
  return cached;
}
