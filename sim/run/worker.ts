import { parentPort } from 'node:worker_threads';
import { Site } from '../model/site.js';
import { simulateReplicate } from '../model/simulation.js';
import type { TreeStore } from '../model/trees.js';
import type { FinalTrees } from '../results/trees.js';
import { ReplicateWorkspace } from '../model/workspace.js';
import type { FromWorker, ToWorker, WorkerJob } from './protocol.js';
import { DEFAULT_SITE_CACHE, SiteKeys } from './siteCache.js';

/**
 * A simulation worker: runs the jobs (one replicate of one scenario each) the pool hands it, one at a
 * time, replying with the metrics as a transferred buffer. It lives as long as the pool and keeps the
 * sites of its last few scenarios, so replicates and later runs of a scenario do not rebuild it.
 */
const port = parentPort!;
const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

/** The sites this thread keeps, by content key, and the working arrays they share. */
const workspace = new ReplicateWorkspace();
let keys = new SiteKeys(DEFAULT_SITE_CACHE);
const sites = new Map<string, Site>();

function siteFor(job: WorkerJob): Site {
  let site = sites.get(job.key);
  if (!site) {
    // The pool mirrors this cache, so it sends the scenario exactly when it is not here.
    if (!job.site) throw new Error(`internal error: the scenario of job ${job.id} was not sent to the thread`);
    site = new Site(job.site.resolved, job.site.terrain, workspace);
    sites.set(job.key, site);
  }
  const evicted = keys.touch(job.key);
  if (evicted !== null) sites.delete(evicted);
  return site;
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  if (msg.type === 'init') {
    keys = new SiteKeys(msg.siteCache);
    sites.clear();
    return;
  }
  const { job } = msg;
  const id = job.id;
  try {
    const site = siteFor(job);
    // Simulation time only: building a site is overhead, which the pool's figures show apart.
    const started = performance.now();
    const stop = job.stop;
    const outcome = simulateReplicate(site, {
      replicate: job.replicate,
      shouldStop: stop ? () => Atomics.load(stop, 0) === 1 : undefined,
      structure: job.structure === true,
      draw: job.draw,
      onYear: (year) => post({ type: 'year', id, year }),
      onPartOfYear: (year, share) => post({ type: 'part', id, year, share }),
      frames: job.frames
        ? {
            carbon: job.frameCarbon === true,
            onLayout: (layout) =>
              post({ type: 'layout', id, layout }, [layout.x.buffer, layout.y.buffer, layout.species.buffer, layout.zone.buffer] as ArrayBuffer[]),
            onFrame: (frame) =>
              post({ type: 'frame', id, frame }, [
                frame.height.buffer,
                frame.status.buffer,
                frame.browsed.buffer,
                frame.tracks.buffer,
                frame.breaches.buffer,
                frame.appended.buffer,
                frame.appendedSpecies.buffer,
                ...(frame.use ? [frame.use.perHa.buffer] : []),
                ...(frame.carbon ? [frame.carbon.buffer] : []),
              ] as ArrayBuffer[]),
          }
        : undefined,
    });
    if (outcome.stopped) {
      post({ type: 'stopped', id });
      return;
    }
    const trees = job.keepTrees ? finalTrees(outcome.trees, job, site.scenario.speciesIds) : null;
    const { values, structure } = outcome;
    const transfer = [values.buffer, ...(structure ? [structure.buffer] : []), ...(trees ? treeBuffers(trees) : [])] as ArrayBuffer[];
    post({ type: 'done', id, values, structure, trees, seconds: (performance.now() - started) / 1000 }, transfer);
  } catch (err) {
    post({ type: 'failed', id, message: describeFailure(err) });
  }
});

post({ type: 'ready' });

function finalTrees(t: TreeStore, job: WorkerJob, speciesIds: string[]): FinalTrees {
  const n = t.count;
  return {
    replicate: job.replicate,
    count: n,
    speciesIds,
    x: t.x.slice(0, n),
    y: t.y.slice(0, n),
    species: t.species.slice(0, n),
    zone: t.zone.slice(0, n),
    status: t.status.slice(0, n),
    origin: t.origin.slice(0, n),
    height: t.height.slice(0, n),
    diameter: t.diameter.slice(0, n),
    browseCount: t.browseCount.slice(0, n),
    browsedYear: t.browsedYear.slice(0, n),
    cause: t.cause.slice(0, n),
    plantYear: t.plantYear.slice(0, n),
    deathYear: t.deathYear.slice(0, n),
  };
}

function treeBuffers(t: FinalTrees): ArrayBufferLike[] {
  return [t.x, t.y, t.species, t.zone, t.status, t.origin, t.height, t.diameter, t.browseCount, t.browsedYear, t.cause, t.plantYear, t.deathYear].map((a) => a.buffer);
}

/** One line for the user; the stack goes to standard error only when REFOREST_DEBUG is set. */
function describeFailure(err: unknown): string {
  if (process.env.REFOREST_DEBUG) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  return err instanceof Error ? err.message : String(err);
}
