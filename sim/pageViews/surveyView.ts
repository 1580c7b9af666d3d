import { defaultActions } from '../forecast/actions.js';
import type { ScenarioProblem, SurveyUpload, SurveyView } from '../hostApi/api.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Survey, SurveyProblem } from '../survey/format.js';
import type { SurveyFiles } from '../survey/read.js';
import { observedFigures } from '../survey/statistics.js';
import { normalizePath } from '../shared/paths.js';

/**
 * A survey the page sent, as the survey reader takes it: its plots file found among the files sent
 * by the path the survey gives, or (files picked one by one) by that path's file name alone.
 */
export function surveyFilesOf(upload: SurveyUpload): SurveyFiles {
  return {
    name: upload.name,
    text: upload.text,
    readPlots: async (relativePath) => {
      const wanted = normalizePath(relativePath);
      const exact = upload.files.find((f) => normalizePath(f.path) === wanted);
      if (exact) return exact.data;
      const name = wanted.split('/').pop();
      const same = upload.files.filter((f) => normalizePath(f.path).split('/').pop() === name);
      if (same.length === 1) return same[0].data;
      throw new Error(`it is not among the files picked: pick it with ${upload.name}, or pick the survey's folder`);
    },
  };
}

/**
 * A survey's problems as the page lists a plan's: the file (and line) from where the reader found
 * it ("plots.csv line 7"; "survey.json, herbivoreCounts[0]" is a field of the survey file), the field
 * as its path.
 */
export function surveyProblems(problems: readonly SurveyProblem[], surveyName: string): ScenarioProblem[] {
  return problems.map((p) => {
    const line = /^(.*) line (\d+)$/.exec(p.where);
    const prefix = [`${surveyName}, `, 'survey file, '].find((s) => p.where.startsWith(s));
    const within = prefix ? p.where.slice(prefix.length) : null;
    const file = line ? line[1] : prefix ? surveyName : p.where;
    const path = within ? [within, p.field].filter(Boolean).join('.') : p.field;
    return { message: p.message, file, ...(path ? { path } : {}), ...(line ? { line: Number(line[2]) } : {}) };
  });
}

/** A checked survey as the page shows it: its plots with their zones and tallies, each surveyed zone's figures, and the actions a forecast from it weighs by default. */
export function surveyView(survey: Survey, plan: LoadedScenario): SurveyView {
  const sc = plan.resolved.scenario;
  const figures = observedFigures(survey, sc);
  return {
    name: survey.name,
    plantedOn: survey.plantedOn,
    year: survey.year,
    plots: survey.plots.map((p, i) => ({
      id: p.id,
      date: p.date,
      x: p.x,
      y: p.y,
      radius: p.radius,
      ring: p.ring,
      areaM2: p.areaM2,
      zone: survey.plotZone[i] >= 0 ? sc.plantings[survey.plotZone[i]].name : null,
      tallies: [...p.tallies].map(([species, t]) => ({ species, live: t.live, dead: t.dead, browsed: t.browsed, meanHeight: t.meanHeight })),
    })),
    zones: figures.zones,
    herbivoresPerKm2: figures.herbivoresPerKm2,
    notes: survey.notes,
    defaultActions: defaultActions(sc),
  };
}
