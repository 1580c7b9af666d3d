import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type FileContent, writeFilesAtomic } from '../../output/atomic.js';
import { carbonUnitsCsv } from '../../output/comparison.js';
import { carbonUnitRules, carbonUnitSchedule } from '../../shared/carbonUnits.js';
import { wccLookupOf } from '../../scenario/wccTables.js';
import { summaryCsv, writeYearlyMetricsCsv } from '../../output/csv.js';
import { scenarioGeoJson } from '../../output/geojson.js';
import { sizeClassesCsv, speciesCsv } from '../../output/structure.js';
import { geoTiffOf, yearRasters } from '../../output/rasters.js';
import { treesCsv } from '../../output/trees.js';
import type { TreeLayout, YearFrame } from '../../results/frames.js';
import { M, metricIndex } from '../../shared/metrics.js';
import type { RunResult } from '../../shared/runResult.js';
import { runScenario } from '../../run/runner.js';
import { siteWarnings } from '../../model/feasibility.js';
import { InputError, parseCommand, wholeNumber, type CliIo } from '../args.js';
import { makeProgress } from '../progress.js';
import { SCENARIO_RUN_OPTIONS, loadCommandScenario, outputTargets, scenarioCommand } from '../scenarioCommand.js';
import { withInterrupt } from '../interrupt.js';

export const RUN_USAGE = `Usage: reforest run [SCENARIO | -] [options]

Runs every replicate of SCENARIO (a JSON scenario file; "-" reads it from standard
input; the built-in default, a glen planted fenced and unfenced under red deer, when
omitted) and writes the yearly metrics as CSV: one row per replicate, year and zone
(zone "all" is the whole site). Columns and units: docs/output.md.

Outputs (each optional; written to a temporary name and renamed when complete):
  --out FILE             yearly metrics per replicate (default: standard output)
  --summary FILE         per year and zone across replicates: mean, p5, p50, p95
  --trees FILE           final state of every tree of one replicate (CSV)
  --geojson FILE         zones, fences and final trees in the terrain's CRS
  --species FILE         per species, zone and year across replicates: stems per
                         hectare, carbon, mean height and basal area (mean, p5, p50, p95)
  --size-classes FILE    per zone and year across replicates: live stems per hectare in
                         each height class and each diameter class (mean, p5, p50, p95)
  --rasters DIR          maps of every year of one replicate as GeoTIFFs on the terrain's
                         grid and in its CRS, for QGIS: stems_per_ha-yNNN.tif (live
                         stems per hectare), carbon_tco2e_per_ha-yNNN.tif (carbon in
                         live trees per hectare) and, with herbivores,
                         browse_use-yNNN.tif (animal-days per hectare the herds spent there)
  --trees-replicate N    the replicate for --trees, --geojson and --rasters (default 0)
  --units FILE           the carbon unit schedule: per zone and year, sequestration,
                         establishment emissions, baseline, buffer, claimable and
                         issued units (tCO2e) at the scenario's verification years,
                         p10/p50/p90 across replicates, and the Woodland Carbon Code
                         lookup figure for the zone's trees (low-high yield class)

Options:
  --replicates N         override the scenario's number of Monte Carlo replicates
  --years N              override the number of years simulated
  --seed N               override the random seed
  --threads N            worker threads (default: one per core; at most one per core
                         unless --force-threads)
  --progress MODE        auto (a bar when standard error is a terminal), json (one
                         object per line) or none
  --quiet                no messages on standard error
  -h, --help             show this help

Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted.
`;

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    out: { type: 'string' },
    summary: { type: 'string' },
    trees: { type: 'string' },
    geojson: { type: 'string' },
    'trees-replicate': { type: 'string' },
    units: { type: 'string' },
    species: { type: 'string' },
    'size-classes': { type: 'string' },
    rasters: { type: 'string' },
    ...SCENARIO_RUN_OPTIONS,
  });
  if (values.help) {
    io.stdout(RUN_USAGE);
    return 0;
  }
  const cmd = scenarioCommand('run', values, positionals, io);
  const { threads, say } = cmd;
  const treesReplicate = wholeNumber('trees-replicate', values['trees-replicate'], 0) ?? 0;
  const targets = await outputTargets(cmd, { out: values.out, summary: values.summary, trees: values.trees, geojson: values.geojson, units: values.units, species: values.species, 'size-classes': values['size-classes'] });
  const loaded = await loadCommandScenario(cmd, io);
  const sc = loaded.resolved.scenario;
  const rasterDir = values.rasters === undefined ? null : await rasterFolder(values.rasters);
  const wantTrees = targets.has('trees') || targets.has('geojson');
  if ((wantTrees || rasterDir) && treesReplicate >= sc.replicates) {
    throw new InputError(`--trees-replicate ${treesReplicate}: the scenario has replicates 0 to ${sc.replicates - 1}`);
  }

  const started = Date.now();
  say(`Running "${sc.name}": ${sc.replicates} replicate${sc.replicates === 1 ? '' : 's'} × ${sc.years} years…\n`);
  // Warnings are said even with --quiet: a plan whose trees all die in year 1 should never pass unnoticed.
  for (const w of siteWarnings(loaded.resolved, loaded.terrain)) io.stderr(`warning: ${w.path}: ${w.message}\n`);
  const progress = makeProgress(cmd.quiet ? 'none' : cmd.progressMode, io.stderr, io.stderrIsTty);
  // The outputs are written while Ctrl-C is still caught, and all together: each goes to a temporary
  // name first, and only when every one is written are they renamed into place.
  const result = await withInterrupt(async (signal) => {
    const maps: { layout: TreeLayout | null; frames: YearFrame[] } = { layout: null, frames: [] };
    const done = await runScenario(loaded, {
      threads,
      signal,
      treesReplicate: wantTrees ? treesReplicate : -1,
      frameReplicate: rasterDir ? treesReplicate : -1,
      frameCarbon: rasterDir !== null,
      structure: targets.has('species') || targets.has('size-classes'),
      onEvent: (e) => {
        if (e.type === 'progress') progress.update(e.yearsDone, e.totalYears, `${e.replicatesDone}/${e.replicates} replicates`);
        else if (e.type === 'layout') maps.layout = e.layout;
        else if (e.type === 'frame') maps.frames.push(e.frame);
      },
    }).finally(() => progress.finish());
    const zoneNames = sc.plantings.map((p) => p.name);
    const files: { file: string; content: FileContent }[] = [];
    if (targets.has('summary')) files.push({ file: targets.get('summary')!, content: summaryCsv(done) });
    if (targets.has('units')) {
      const rows = carbonUnitSchedule(done, carbonUnitRules(sc.appraisal, sc.years));
      files.push({ file: targets.get('units')!, content: carbonUnitsCsv(sc.name, rows, wccLookupOf(loaded.resolved)) });
    }
    if (targets.has('species')) files.push({ file: targets.get('species')!, content: speciesCsv(done) });
    if (targets.has('size-classes')) files.push({ file: targets.get('size-classes')!, content: sizeClassesCsv(done) });
    if (targets.has('trees')) files.push({ file: targets.get('trees')!, content: treesCsv(done.trees!, zoneNames) });
    if (targets.has('geojson')) files.push({ file: targets.get('geojson')!, content: scenarioGeoJson(sc, loaded.terrain.crs, done.trees) });
    if (rasterDir && maps.layout) {
      const width = String(sc.years).length;
      for (const year of yearRasters({ layout: maps.layout, frames: maps.frames }, loaded.terrain)) {
        const y = String(year.year).padStart(Math.max(3, width), '0');
        files.push({ file: join(rasterDir, `stems_per_ha-y${y}.tif`), content: geoTiffOf(year.stemsPerHa, loaded.terrain) });
        if (year.carbonPerHa) files.push({ file: join(rasterDir, `carbon_tco2e_per_ha-y${y}.tif`), content: geoTiffOf(year.carbonPerHa, loaded.terrain) });
        if (year.browseUse) files.push({ file: join(rasterDir, `browse_use-y${y}.tif`), content: geoTiffOf(year.browseUse, loaded.terrain) });
      }
    }
    if (targets.has('out')) files.push({ file: targets.get('out')!, content: (write) => writeYearlyMetricsCsv(done, write) });
    else await writeYearlyMetricsCsv(done, (chunk) => void io.stdout(chunk));
    await writeFilesAtomic(files, signal);
    return done;
  });
  const wrote = [...targets.values(), ...(rasterDir ? [`${rasterDir}/ (yearly GeoTIFFs)`] : [])];
  say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.${wrote.length > 0 ? ` Wrote ${wrote.join(', ')}.` : ''}\n`);
  say(headline(result));
  return 0;
}

/** The folder --rasters names, made if it is not there; a file of that name is an input error. */
async function rasterFolder(dir: string): Promise<string> {
  const full = resolve(dir);
  const found = await stat(full).catch(() => null);
  if (found && !found.isDirectory()) throw new InputError(`--rasters ${dir}: is a file; give a folder for the yearly GeoTIFFs`);
  try {
    await mkdir(full, { recursive: true });
  } catch (err) {
    throw new InputError(`--rasters ${dir}: cannot make the folder: ${(err as Error).message}`);
  }
  return full;
}

/** Headline numbers, median across replicates, per zone: at year 10 (the end of the sapling years) and at the end. */
function headline(result: RunResult): string {
  const zones = result.zones.length;
  const v = result.summary.p50;
  const lines: string[] = [];
  for (const year of [...new Set([Math.min(10, result.years), result.years])]) {
    lines.push(`Year ${year}, median of ${result.replicates} replicate${result.replicates === 1 ? '' : 's'}:`);
    for (let z = 0; z < zones; z++) {
      const at = metricIndex(zones, year, z, 0);
      lines.push(
        `  ${result.zones[z].padEnd(12)} survival ${(v[at + M.survival] * 100).toFixed(0).padStart(3)}%  ` +
          `${v[at + M.stems_per_ha].toFixed(0).padStart(5)} stems/ha  ` +
          `mean height ${v[at + M.mean_height_m].toFixed(1).padStart(5)} m  ` +
          `carbon ${v[at + M.carbon_tco2e].toFixed(0).padStart(7)} tCO2e  cost ${v[at + M.cost].toFixed(0)} ${result.currency}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
