import { mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { csvFormatRows } from 'd3-dsv';
import { writeFileAtomic } from '../output/atomic.js';
import type { SweepPlan } from './plan.js';

/**
 * A sweep's output folder: `sweep.json` (the manifest: columns, variants, number of runs), one file per
 * finished run in `runs/` (rows without a header, written atomically, so a file that exists is
 * complete), and `results.csv` once every run is there. A killed sweep loses only its runs in flight.
 */

export interface SweepManifest {
  format: 'reforest-sweep/1';
  name: string;
  fingerprint: string;
  columns: string[];
  variables: string[];
  variants: { index: number; labels: string[] }[];
  replicates: number;
  runs: number;
}

/** A problem with a sweep's output folders (exit code 2). */
export class SweepOutputError extends Error {}

export const MANIFEST = 'sweep.json';
export const RESULTS = 'results.csv';

export function runFileName(run: number): string {
  return `run-${String(run).padStart(6, '0')}.csv`;
}

export function manifestOf(plan: SweepPlan): SweepManifest {
  return {
    format: 'reforest-sweep/1',
    name: plan.sweep.name,
    fingerprint: plan.fingerprint,
    columns: plan.columns,
    variables: plan.sweep.variables.map((v) => v.name),
    variants: plan.variants.map((v) => ({ index: v.index, labels: v.labels })),
    replicates: plan.replicates,
    runs: plan.totalRuns,
  };
}

async function readManifest(dir: string): Promise<SweepManifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    return null;
  }
  try {
    const m = JSON.parse(text) as SweepManifest;
    if (m.format !== 'reforest-sweep/1') throw new Error('unknown format');
    return m;
  } catch {
    throw new SweepOutputError(`${join(dir, MANIFEST)}: not a sweep manifest written by reforest`);
  }
}

/**
 * Prepares the folder for a sweep: creates it, writes the manifest, or checks that an existing one is
 * for the same sweep (a re-run resumes it). Removes temporary files of runs killed mid-write.
 * Returns the runs already complete.
 */
export async function openSweepDir(dir: string, manifest: SweepManifest): Promise<Set<number>> {
  await mkdir(join(dir, 'runs'), { recursive: true });
  const existing = await readManifest(dir);
  if (existing && existing.fingerprint !== manifest.fingerprint) {
    throw new SweepOutputError(
      `${dir} holds the output of a different sweep ("${existing.name}"); use another --out-dir or remove it`,
    );
  }
  if (!existing) await writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  const done = new Set<number>();
  for (const name of await readdir(join(dir, 'runs'))) {
    const m = /^run-(\d{6})\.csv$/.exec(name);
    if (m) done.add(Number(m[1]));
    else if (name.endsWith('.tmp')) await unlink(join(dir, 'runs', name)).catch(() => {});
  }
  return done;
}

export async function writeRunFile(dir: string, run: number, rows: string[][]): Promise<void> {
  await writeFileAtomic(join(dir, 'runs', runFileName(run)), csvFormatRows(rows) + '\n');
}

/**
 * Combines the run files of one sweep from one or more folders (shards) into one CSV with a header,
 * runs in order, handed to `write` piece by piece (a sweep's results can be larger than memory likes).
 * The bytes are the same however the runs were spread over shards. Fails, before writing anything,
 * naming the missing runs when any is absent, or when the folders hold different sweeps.
 */
export async function mergeSweepDirs(dirs: readonly string[], write: (chunk: string) => Promise<void>): Promise<void> {
  let manifest: SweepManifest | null = null;
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new SweepOutputError(`${dir}: not a folder`);
    const m = await readManifest(dir);
    if (!m) throw new SweepOutputError(`${dir}: no ${MANIFEST}; is it the --out-dir of a sweep?`);
    if (manifest && m.fingerprint !== manifest.fingerprint) {
      throw new SweepOutputError(`${dir} holds a different sweep ("${m.name}") from ${dirs[0]} ("${manifest.name}")`);
    }
    manifest ??= m;
  }
  if (!manifest) throw new SweepOutputError('no folders to merge');

  const where = new Map<number, string>();
  for (const dir of dirs) {
    for (const name of await readdir(join(dir, 'runs')).catch(() => [] as string[])) {
      const m = /^run-(\d{6})\.csv$/.exec(name);
      if (m && !where.has(Number(m[1]))) where.set(Number(m[1]), join(dir, 'runs', name));
    }
  }
  const missing: number[] = [];
  for (let k = 0; k < manifest.runs; k++) if (!where.has(k)) missing.push(k);
  if (missing.length > 0) {
    const show = missing.slice(0, 5).map((k) => `variant ${Math.floor(k / manifest!.replicates)} replicate ${k % manifest!.replicates}`);
    throw new SweepOutputError(
      `${missing.length} of ${manifest.runs} runs are missing (${show.join('; ')}${missing.length > 5 ? '; …' : ''}); run the remaining shards first`,
    );
  }
  await write(csvFormatRows([manifest.columns]) + '\n');
  for (let k = 0; k < manifest.runs; k++) await write(await readFile(where.get(k)!, 'utf8'));
}
