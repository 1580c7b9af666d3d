import { parentPort, workerData } from 'node:worker_threads';
import { Site } from '../model/site.js';
import { simulateReplicate } from '../model/simulation.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

/**
 * A simulation worker: builds the site once, then runs the replicates the runner hands it one at a
 * time, replying with each replicate's metrics as a transferred buffer.
 */
const setup = workerData as WorkerSetup;
const port = parentPort!;
const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

let site: Site;
try {
  site = new Site(setup.resolved, setup.terrain);
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'failed', message: describeFailure(err) });
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  try {
    const replicate = msg.replicate;
    const framed = replicate === setup.frameReplicate;
    const outcome = simulateReplicate(site, {
      replicate,
      onYear: (year) => post({ type: 'year', replicate, year }),
      frames: framed
        ? {
            onLayout: (layout) => post({ type: 'layout', layout }, [layout.x.buffer, layout.y.buffer, layout.species.buffer, layout.zone.buffer] as ArrayBuffer[]),
            onFrame: (frame) =>
              post({ type: 'frame', frame }, [
                frame.height.buffer,
                frame.status.buffer,
                frame.browsed.buffer,
                frame.tracks.buffer,
                frame.breaches.buffer,
                frame.appended.buffer,
                frame.appendedSpecies.buffer,
              ] as ArrayBuffer[]),
          }
        : undefined,
    });
    post({ type: 'done', replicate, values: outcome.values }, [outcome.values.buffer as ArrayBuffer]);
  } catch (err) {
    post({ type: 'failed', message: describeFailure(err) });
  }
});

/** One line for the user; the stack goes to standard error only when REFOREST_DEBUG is set. */
function describeFailure(err: unknown): string {
  if (process.env.REFOREST_DEBUG) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  return err instanceof Error ? err.message : String(err);
}
