import { normalizePath } from '../../sim/shared/paths.js';
import type { HostApi, ScenarioProblem } from '../../sim/hostApi/api.js';

/**
 * Files the user picked in the page, and where each goes in the host's upload folder so that the
 * scenario's relative paths resolve against its own folder, as they do in the CLI.
 */

/** What the page needs of a picked file (a DOM File satisfies it). */
export interface PickedFile {
  name: string;
  /** "folder/sub/name" when a folder was picked; "" for files picked one by one. */
  webkitRelativePath?: string;
  size: number;
  slice(start?: number, end?: number): Blob;
}

export interface Placed<F extends { name: string } = PickedFile> {
  file: F;
  /** '/'-separated path inside the upload folder. */
  path: string;
}

export type Arranged<F extends PickedFile = PickedFile> =
  | { ok: true; scenarioPath: string; files: Placed<F>[] }
  | { ok: false; problems: ScenarioProblem[] };

/** Rasters a new site can start from, by extension. */
const RASTERS: Record<string, 'geotiff' | 'ascii'> = { tif: 'geotiff', tiff: 'geotiff', asc: 'ascii' };

const extensionOf = (name: string) => /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const stemOf = (name: string) => name.replace(/\.[^./]+$/, '');
const relativeOf = (f: PickedFile) => f.webkitRelativePath || '';

const dirnameOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const isAbsolutePath = (path: string) => path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);

/** The file names a scenario's terrain needs read: the raster, and for an ASCII grid its optional .prj. */
function terrainFiles(text: string): { path: string; optional: string[] } | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // the host reports the syntax error with its line
  }
  const terrain = (json as { terrain?: { type?: unknown; path?: unknown } } | null)?.terrain;
  if (!terrain || (terrain.type !== 'geotiff' && terrain.type !== 'ascii') || typeof terrain.path !== 'string') return null;
  const path = terrain.path;
  return { path, optional: terrain.type === 'ascii' ? [`${stemOf(path)}.prj`, `${stemOf(path)}.PRJ`] : [] };
}

/**
 * Which picked file is the scenario, which files it names, and where each goes. Files picked one by
 * one are matched by name; files of a picked folder by their path from the scenario's folder.
 */
export function arrangeScenarioFiles<F extends PickedFile>(scenario: F, text: string, picked: readonly F[]): Arranged<F> {
  const needs = terrainFiles(text);
  if (!needs) return { ok: true, scenarioPath: scenario.name, files: [] };
  if (isAbsolutePath(needs.path)) {
    return {
      ok: false,
      problems: [
        {
          file: scenario.name,
          path: 'terrain.path',
          message: `names "${needs.path}", a full path a browser page cannot read; write it relative to the scenario's folder and pick the file with the scenario, or open the scenario in the desktop app`,
        },
      ],
    };
  }
  const scenarioDir = dirnameOf(relativeOf(scenario));
  const find = (path: string): F | null => {
    if (relativeOf(scenario)) {
      const target = normalizePath(scenarioDir ? `${scenarioDir}/${path}` : path);
      return picked.find((f) => relativeOf(f) === target) ?? null;
    }
    const name = normalizePath(path).split('/').pop()!;
    const same = picked.filter((f) => f !== scenario && f.name === name);
    return same.length === 1 ? same[0] : null;
  };
  const raster = find(needs.path);
  if (!raster) {
    const how = relativeOf(scenario)
      ? `it is not at that place in the folder picked (${scenarioDir || 'its top'}); pick the folder that holds both`
      : 'pick it together with the scenario (several files at once), or pick the scenario\'s folder';
    return { ok: false, problems: [{ file: scenario.name, path: 'terrain.path', message: `names "${needs.path}", which is not among the files picked: ${how}` }] };
  }
  // The scenario sits deep enough in the upload folder that every leading '..' of its path resolves.
  const rel = normalizePath(needs.path);
  const ups = /^(\.\.\/)*/.exec(`${rel}/`)![0].length / 3;
  const prefix = '_/'.repeat(ups);
  const files: Placed<F>[] = [{ file: raster, path: normalizePath(prefix + rel) }];
  for (const optional of needs.optional) {
    const f = find(optional);
    if (f && f !== raster) files.push({ file: f, path: normalizePath(prefix + normalizePath(optional)) });
  }
  return { ok: true, scenarioPath: prefix + scenario.name, files };
}

/**
 * A new site's scenario: the picked elevation model as its terrain and no plan yet. Its sidecar .prj
 * (for an ASCII grid) travels with it.
 */
export function newSiteFiles<F extends { name: string }>(picked: readonly F[]): { ok: true; text: string; scenarioPath: string; files: Placed<F>[] } | { ok: false; problems: ScenarioProblem[] } {
  const rasters = picked.filter((f) => RASTERS[extensionOf(f.name)]);
  if (rasters.length !== 1) {
    const message = rasters.length === 0
      ? `none of ${picked.map((f) => f.name).join(', ')} is an elevation model; pick a GeoTIFF (.tif) or an ESRI ASCII grid (.asc)`
      : `pick one elevation model at a time; ${rasters.map((f) => f.name).join(', ')} were picked`;
    return { ok: false, problems: [{ message }] };
  }
  const raster = rasters[0];
  const files: Placed<F>[] = [{ file: raster, path: raster.name }];
  for (const f of picked) if (f !== raster && extensionOf(f.name) === 'prj' && stemOf(f.name) === stemOf(raster.name)) files.push({ file: f, path: f.name });
  const name = stemOf(raster.name) || 'site';
  const scenario = {
    schemaVersion: 1,
    name: name.slice(0, 120),
    description: `A new site on ${raster.name}.`,
    seed: 1,
    years: 50,
    replicates: 8,
    terrain: { type: RASTERS[extensionOf(raster.name)], path: raster.name },
    plantings: [],
  };
  return { ok: true, text: JSON.stringify(scenario, null, 2) + '\n', scenarioPath: `${name}.json`, files };
}

/** Bytes per message: a raster crosses in parts, so no one message grows with it. */
const PART_BYTES = 8 * 2 ** 20;

/** Sends the placed files to a new upload folder on the host and returns its id. */
export async function uploadPlaced(host: HostApi, placed: readonly Placed[], onProgress?: (sent: number, total: number) => void): Promise<string> {
  const folderId = await host.createUpload();
  const total = placed.reduce((n, p) => n + p.file.size, 0);
  let sent = 0;
  for (const { file, path } of placed) {
    let offset = 0;
    do {
      const part = new Uint8Array(await file.slice(offset, offset + PART_BYTES).arrayBuffer());
      await host.uploadPart(folderId, path, offset, part);
      offset += part.byteLength;
      sent += part.byteLength;
      onProgress?.(sent, total);
    } while (offset < file.size);
  }
  return folderId;
}
