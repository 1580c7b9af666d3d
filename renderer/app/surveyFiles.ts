import type { ScenarioProblem, SurveyUpload } from '../../sim/hostApi/api.js';
import { MAX_GIS_BYTES, MAX_SCENARIO_BYTES } from '../../sim/shared/fileLimits.js';
import { normalizePath } from '../../sim/shared/paths.js';
import type { PickedFile } from './pickedFiles.js';

/** What the page reads of a picked file (a DOM File satisfies it). */
export interface ReadableFile extends PickedFile {
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type SurveyPick = { ok: true; upload: SurveyUpload; note: string | null } | { ok: false; problems: ScenarioProblem[] };

const relativeOf = (f: PickedFile) => f.webkitRelativePath || '';
const dirnameOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** The plots file a survey names (its `plots`), read from the text as written, comments and all; null when it names none. */
export function plotsNamed(text: string): string | null {
  return /"plots"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1]?.replace(/\\(.)/g, '$1') ?? null;
}

/**
 * Which picked file is the survey, and the file it names as its plots, with the path the survey gives
 * it: files picked together are matched by name, the files of a picked folder by their path from the
 * survey's folder. A folder of several surveys opens the first by path and says so. A plots file not
 * among those picked is left for the host to name, with the survey's other problems.
 */
export async function pickSurvey(picked: readonly ReadableFile[]): Promise<SurveyPick> {
  const jsons = picked.filter((f) => /\.json$/i.test(f.name) && f.size <= MAX_SCENARIO_BYTES).sort((a, b) => (relativeOf(a) || a.name).localeCompare(relativeOf(b) || b.name));
  if (jsons.length === 0) return { ok: false, problems: [{ message: `none of ${picked.map((f) => f.name).join(', ') || 'the files picked'} is a survey file (.json); pick the survey file with its plots, or the survey's folder` }] };
  const texts = await Promise.all(jsons.map((f) => f.text()));
  const surveys = jsons.map((file, i) => ({ file, text: texts[i] })).filter((s) => /"plantedOn"\s*:/.test(s.text));
  const chosen = surveys[0] ?? { file: jsons[0], text: texts[0] };
  const note = surveys.length > 1 ? `${surveys.length} survey files were picked; ${relativeOf(chosen.file) || chosen.file.name} is read (pick one survey at a time).` : null;
  const plots = plotsNamed(chosen.text);
  const files: SurveyUpload['files'] = [];
  const found = plots === null ? null : findPlots(chosen.file, plots, picked);
  if (found && plots !== null) {
    if (found.size > MAX_GIS_BYTES) {
      return { ok: false, problems: [{ file: found.name, message: `is ${(found.size / 2 ** 20).toFixed(0)} MiB; a survey's plots come in at most ${MAX_GIS_BYTES / 2 ** 20} MiB` }] };
    }
    files.push({ path: normalizePath(plots), data: new Uint8Array(await found.arrayBuffer()) });
  }
  return { ok: true, upload: { name: chosen.file.name, text: chosen.text, files }, note };
}

function findPlots<F extends PickedFile>(survey: F, plots: string, picked: readonly F[]): F | null {
  if (relativeOf(survey)) {
    const dir = dirnameOf(relativeOf(survey));
    const target = normalizePath(dir ? `${dir}/${plots}` : plots);
    return picked.find((f) => relativeOf(f) === target) ?? null;
  }
  const name = normalizePath(plots).split('/').pop();
  const same = picked.filter((f) => f !== survey && f.name === name);
  return same.length === 1 ? same[0] : null;
}
