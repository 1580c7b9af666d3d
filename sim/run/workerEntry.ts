import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The worker's entry point: the compiled module, or when running from sources, a loader that compiles TypeScript. */
export function workerEntry(): string {
  // In the packaged desktop app the core sits outside the asar archive (electron-builder's
  // asarUnpack), where a worker thread can load it.
  const compiled = fileURLToPath(new URL('./worker.js', import.meta.url)).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./worker-from-source.mjs', import.meta.url));
}
