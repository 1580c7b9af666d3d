import { constants } from 'node:fs';
import { access, mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic.js';
import { relocatedScenario } from '../scenario/relocate.js';
import type { SweepPlan } from './plan.js';
import { csvLines } from '../output/csvLines.js';
import { readScenarioText } from '../scenario/readText.js';

/**
 * A sweep's output folder: `sweep.json` (the manifest: columns, variants, number of runs), each
 * variant's scenario in `variants/`, one file per finished run in `runs/` (rows without a header,
 * written atomically, so a file that exists is complete), and `results.csv` once every run is there. A killed sweep loses only its runs in flight.
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

/** Each variant's scenario, written beside the results so any variant can be opened as a plan. */
export const VARIANTS = 'variants';

export function variantFileName(variant: number): string {
  return `variant-${String(variant).padStart(6, '0')}.json`;
}

/**
 * Writes every variant's complete scenario into `variants/` (those already there are left), with a
 * terrain file's path made relative to that folder so the file runs where it lies. Shards writing
 * into one folder write the same bytes, each file atomically.
 */
export async function writeVariantFiles(dir: string, plan: SweepPlan): Promise<void> {
  const folder = join(dir, VARIANTS);
  await mkdir(folder, { recursive: true });
  const present = new Set(await readdir(folder));
  for (const v of plan.variants) {
    const name = variantFileName(v.index);
    if (present.has(name)) continue;
    await writeFileAtomic(join(folder, name), JSON.stringify(relocatedScenario(v.scenario, plan.baseDir, folder), null, 2) + '\n');
  }
}

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

/** A run's file name: `run-000042.csv` (at least six digits). */
const RUN_FILE = /^run-(\d{6,})\.csv$/;

/** Temporary files older than this were left by a killed writer; younger ones may be another shard's, still being written. */
const STALE_TEMP_MS = 60 * 60 * 1000;

async function readManifest(dir: string): Promise<SweepManifest | null> {
  // Read only when a regular file (a pipe there would block the reader), and at most 16 MiB of it.
  const read = await readScenarioText(join(dir, MANIFEST));
  if ('problem' in read) {
    if (read.problem === 'file not found') return null;
    throw new SweepOutputError(`${join(dir, MANIFEST)}: ${read.problem}`);
  }
  const text = read.text;
  const bad = () => new SweepOutputError(`${join(dir, MANIFEST)}: not a sweep manifest written by reforest`);
  let m: SweepManifest;
  try {
    m = JSON.parse(text) as SweepManifest;
  } catch {
    throw bad();
  }
  const wholeNumber = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (
    m?.format !== 'reforest-sweep/1' ||
    typeof m.fingerprint !== 'string' ||
    !Array.isArray(m.columns) ||
    !m.columns.every((c) => typeof c === 'string') ||
    !Array.isArray(m.variants) ||
    !wholeNumber(m.replicates) ||
    !wholeNumber(m.runs) ||
    m.runs !== m.variants.length * m.replicates
  ) {
    throw bad();
  }
  return m;
}

function folderProblem(dir: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return new SweepOutputError(`--out-dir ${dir}: is a file, not a folder`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new SweepOutputError(`--out-dir ${dir}: cannot write there (${code})`);
  return err as Error;
}

/**
 * Prepares the folder for a sweep: creates it, writes the manifest, or checks that an existing one is
 * for the same sweep (a re-run resumes it). Removes temporary files that writers killed mid-write left
 * over an hour ago (younger ones may belong to another shard writing into the same folder).
 * Returns the runs already complete.
 */
export async function openSweepDir(dir: string, manifest: SweepManifest): Promise<Set<number>> {
  try {
    await mkdir(join(dir, 'runs'), { recursive: true });
    await access(join(dir, 'runs'), constants.W_OK);
  } catch (err) {
    throw folderProblem(dir, err);
  }
  const existing = await readManifest(dir);
  if (existing && existing.fingerprint !== manifest.fingerprint) {
    throw new SweepOutputError(
      `${dir} holds the output of a different sweep ("${existing.name}"); use another --out-dir or remove it`,
    );
  }
  if (!existing) await writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  const done = new Set<number>();
  const now = Date.now();
  for (const name of await readdir(join(dir, 'runs'))) {
    const m = RUN_FILE.exec(name);
    const path = join(dir, 'runs', name);
    if (m) {
      // Only a run file with its rows counts as complete (renaming into place follows a full write and sync).
      if ((await stat(path)).size > 0) done.add(Number(m[1]));
    } else if (name.endsWith('.tmp')) {
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await unlink(path).catch(() => {});
    }
  }
  return done;
}

export async function writeRunFile(dir: string, run: number, rows: string[][]): Promise<void> {
  await writeFileAtomic(join(dir, 'runs', runFileName(run)), csvLines(rows));
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
      const m = RUN_FILE.exec(name);
      if (!m || where.has(Number(m[1]))) continue;
      const path = join(dir, 'runs', name);
      if ((await stat(path)).size > 0) where.set(Number(m[1]), path);
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
  await write(csvLines([manifest.columns]));
  for (let k = 0; k < manifest.runs; k++) await write(await readFile(where.get(k)!, 'utf8'));
}
