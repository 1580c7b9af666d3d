import type { LoadedScenario } from '../scenario/load.js';
import { openRing, pointInPolygon } from '../shared/polygon.js';
import { isCalendarDate, SurveyError, yearsSincePlanting, type Survey, type SurveyProblem } from './format.js';
import { readSurvey, readSurveyFiles, type SurveyFiles, type SurveyRead } from './read.js';

/**
 * Reads a survey and checks it against the plan it surveys: every plot on the site, every species one
 * the plan holds, every date after planting and all in one year since planting, within the plan's
 * years; every herbivore count of a kind the plan has. Every problem found is reported at once.
 */
export async function loadSurvey(path: string, plan: LoadedScenario): Promise<Survey> {
  return checkSurvey(await readSurvey(path, plan.terrain), plan);
}

/** The same, for a survey given as files (as the page sends them). */
export async function loadSurveyFiles(files: SurveyFiles, plan: LoadedScenario): Promise<Survey> {
  return checkSurvey(await readSurveyFiles(files, plan.terrain), plan);
}

function checkSurvey(read: SurveyRead, plan: LoadedScenario): Survey {
  const { label, file, plots, notes } = read;
  const sc = plan.resolved.scenario;
  // What reading found wrong in the rows, then what does not fit the plan: all listed at once.
  const problems: SurveyProblem[] = [...read.problems];
  const known = new Set(plan.resolved.speciesIds);
  const planted = file.plantedOn;
  const years = new Map<number, string>();
  for (const plot of plots) {
    // A date that is no date was named where the rows were read.
    if (isCalendarDate(plot.date) && plot.date < planted) problems.push({ where: plot.where, field: 'date', message: `${plot.date} is before planting (${planted})` });
    else if (isCalendarDate(plot.date)) years.set(yearsSincePlanting(planted, plot.date), plot.where);
    for (const species of plot.tallies.keys()) {
      if (!known.has(species)) problems.push({ where: read.speciesWhere.get(plot.id)?.get(species) ?? plot.where, field: 'species', message: `"${species}" is not a species the plan plants or regenerates (${[...known].join(', ')})` });
    }
  }
  file.herbivoreCounts.forEach((c, i) => {
    const where = `${label}, herbivoreCounts[${i}]`;
    if (!sc.herbivores.some((h) => h.kind === c.kind)) problems.push({ where, field: 'kind', message: `"${c.kind}" is not a herbivore of the plan (${sc.herbivores.map((h) => h.kind).join(', ') || 'it has none'})` });
    if (c.date < planted) problems.push({ where, field: 'date', message: `${c.date} is before planting (${planted})` });
  });
  if (years.size > 1) {
    const [a, b] = [...years.entries()].sort((x, y) => x[0] - y[0]);
    problems.push({ where: b[1], field: 'date', message: `is of year ${b[0]} since planting, while ${a[1]} is of year ${a[0]}: a survey is one season's visit; give each season its own survey` });
  }
  const [year, yearWhere] = years.size > 0 ? [...years.entries()][0] : [0, ''];
  if (years.size === 1 && year < 1) problems.push({ where: yearWhere, field: 'date', message: `is in the planting season (year 0 since planting ${planted}); a survey is taken from the first growing season on` });
  if (years.size === 1 && year > sc.years) problems.push({ where: yearWhere, field: 'date', message: `is of year ${year} since planting, after the plan's last year (${sc.years})` });
  if (problems.length) throw new SurveyError(problems);

  const rings = sc.plantings.map((p) => openRing(p.polygon));
  const plotZone = plots.map((p) => rings.findIndex((r) => pointInPolygon(r, p.x, p.y)));
  const outside = plots.filter((_, i) => plotZone[i] < 0).map((p) => p.id);
  if (outside.length) notes.push(`${outside.length} plot${outside.length === 1 ? '' : 's'} outside every planting zone (${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''}) tell nothing of the plantings and are left out`);
  const unsurveyed = sc.plantings.filter((_, z) => !plotZone.includes(z)).map((p) => p.name);
  if (unsurveyed.length) notes.push(`no plot in zone${unsurveyed.length === 1 ? '' : 's'} ${unsurveyed.map((n) => `"${n}"`).join(', ')}`);
  return { name: file.name, plantedOn: planted, year, plots, herbivoreCounts: file.herbivoreCounts, plotZone, notes };
}
