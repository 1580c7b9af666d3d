// Regenerates assets/scenario.schema.json from the scenario schema in sim/.
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchemaText } from '../sim/scenario/jsonSchema.js';

writeFileSync(new URL('../assets/scenario.schema.json', import.meta.url), scenarioJsonSchemaText());
console.log('Wrote assets/scenario.schema.json');
