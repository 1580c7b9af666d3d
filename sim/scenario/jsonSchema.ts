import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/**
 * The scenario format as a JSON Schema (draft 2020-12), published as assets/scenario.schema.json so
 * editors can complete and check scenario files. Describes the file as written, defaults optional.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    title: 'Reforest scenario',
    description: 'A site and a planting plan for the Reforest simulator: terrain, plantings, fences, herbivores.',
    ...schema,
  };
}

export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
