import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GisError } from './crs.js';
import type { ImportedShapes, ImportTarget } from './importPlan.js';
import type { ImportReply, ImportRequest } from './importThread.js';

/** Memory an import's thread may take (a GeoPackage is read whole into SQLite's memory). */
const IMPORT_HEAP_MB = 1024;
/** Longest an import may take before its thread is stopped. */
const IMPORT_SECONDS = 120;

/**
 * Reads zones and fences from a vector file as `importPlanShapes` does, in a thread of its own: a large
 * or hostile file (a zip bomb, a GeoPackage of millions of vertices) takes its own thread's time and
 * memory, bounded, and never the host's event loop, so the host answers other pages meanwhile. Every
 * failure is a GisError naming the file.
 */
export function importPlanShapesInThread(fileName: string, bytes: Uint8Array, target: ImportTarget): Promise<ImportedShapes> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(importEntry(), { resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB } });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(new GisError(`${fileName} took more than ${IMPORT_SECONDS} s to read; import a smaller or simpler file`))), IMPORT_SECONDS * 1000);
    worker.once('message', (reply: ImportReply) => finish(() => (reply.ok ? resolve(reply.shapes) : reject(new GisError(reply.message)))));
    worker.once('error', (err: Error & { code?: string }) =>
      finish(() =>
        reject(
          new GisError(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `${fileName} needs more than ${IMPORT_HEAP_MB} MiB to read; import a smaller or simpler file`
              : `${fileName} cannot be read (${err.message})`,
          ),
        ),
      ),
    );
    worker.once('exit', () => finish(() => reject(new GisError(`${fileName} cannot be read`))));
    const copy = bytes.slice();
    worker.postMessage({ fileName, bytes: copy, target } satisfies ImportRequest, [copy.buffer as ArrayBuffer]);
  });
}

/** The thread's entry: the compiled module, or when running from sources, a loader that compiles TypeScript. */
function importEntry(): string {
  const compiled = fileURLToPath(new URL('./importThread.js', import.meta.url)).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./importThread-from-source.mjs', import.meta.url));
}
