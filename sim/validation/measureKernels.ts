import { assetPath } from '../assets.js';
import { writeKernels } from './kernels.js';

/** `npm run measure-kernels`: the reference walk's home-range kernels, into assets/library/home-kernels.json. */
const file = assetPath('library', 'home-kernels.json');
const started = performance.now();
await writeKernels(file, { animals: 200, years: 3, seed: 20261207 });
process.stderr.write(`Wrote ${file} in ${Math.round((performance.now() - started) / 1000)} s\n`);
