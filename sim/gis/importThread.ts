import { parentPort } from 'node:worker_threads';
import { GisError } from './crs.js';
import { importPlanShapes, type ImportTarget } from './importPlan.js';

/**
 * The thread an import runs in (see importInThread.ts): reads one vector file and replies with its
 * shapes, or with the message of a GisError. Anything else it throws ends the thread, and the host
 * says the file could not be read.
 */
export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  target: ImportTarget;
}

export type ImportReply = { ok: true; shapes: Awaited<ReturnType<typeof importPlanShapes>> } | { ok: false; message: string };

parentPort!.once('message', (request: ImportRequest) => {
  importPlanShapes(request.fileName, request.bytes, request.target).then(
    (shapes) => parentPort!.postMessage({ ok: true, shapes } satisfies ImportReply),
    (err: unknown) => {
      if (err instanceof GisError) parentPort!.postMessage({ ok: false, message: err.message } satisfies ImportReply);
      else throw err;
    },
  );
});
