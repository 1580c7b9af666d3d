import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchemaText } from '../../sim/scenario/jsonSchema.js';
import { projectRoot, smallScenario } from '../helpers.js';

const published = readFileSync(join(projectRoot, 'assets/scenario.schema.json'), 'utf8');

describe('published JSON Schema', () => {
  it('is the one generated from the scenario schema (run `npm run schema` after changing it)', () => {
    expect(published).toBe(scenarioJsonSchemaText());
  });

  it('accepts the bundled scenarios and rejects a broken one, read by an independent validator', () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(published) as object);
    const dir = join(projectRoot, 'assets/scenarios');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
      expect(validate(scenario), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const broken = smallScenario();
    broken.plantings[0].density = -3;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/plantings/0/density')).toBe(true);
  });
});
