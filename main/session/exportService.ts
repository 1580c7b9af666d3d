import type { ExportKind, ExportedFile } from '../../sim/hostApi/api.js';
import { summaryCsv, writeYearlyMetricsCsv } from '../../sim/output/csv.js';
import { scenarioGeoJson } from '../../sim/output/geojson.js';
import { sizeClassesCsv, speciesCsv } from '../../sim/output/structure.js';
import { treesCsv } from '../../sim/output/trees.js';
import type { RunArchive } from './runArchive.js';

export interface ExportServiceOptions {
  /** The finished runs still kept. */
  archive: RunArchive;
}

/** A finished run's result files, the same bytes `reforest run` writes for the same scenario and seed. */
export class ExportService {
  constructor(private readonly options: ExportServiceOptions) {}

  /** A finished run's results, byte for byte what `reforest run` writes with the matching option. */
  async exportResults(runId: string, kind: ExportKind, label?: string): Promise<ExportedFile> {
    const { archive } = this.options;
    const run = archive.run(runId);
    if (!run) {
      const { keepRuns, maxFinishedBytes } = archive.options;
      throw new Error(`No finished run "${runId}" to export; runs are kept until ${keepRuns} newer ones finish or their data passes ${Math.round(maxFinishedBytes / 2 ** 20)} MiB.`);
    }
    const { result, loaded } = run;
    // A label joins the file's name as letters, digits and dashes only: it is the page's to choose.
    const stem = label === undefined ? '' : label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64);
    const baseName = stem ? `${run.baseName}-${stem}` : run.baseName;
    const sc = loaded.resolved.scenario;
    const zoneNames = sc.plantings.map((p) => p.name);
    switch (kind) {
      case 'out': {
        const parts: string[] = [];
        await writeYearlyMetricsCsv(result, (chunk) => void parts.push(chunk));
        return { fileName: `${baseName}-results.csv`, mimeType: 'text/csv', content: parts.join('') };
      }
      case 'summary':
        return { fileName: `${baseName}-summary.csv`, mimeType: 'text/csv', content: summaryCsv(result) };
      case 'trees':
        return { fileName: `${baseName}-trees.csv`, mimeType: 'text/csv', content: treesCsv(result.trees!, zoneNames) };
      case 'geojson':
        return {
          fileName: `${baseName}.geojson`,
          mimeType: 'application/geo+json',
          content: scenarioGeoJson(sc, loaded.terrain.crs, result.trees),
        };
      case 'species':
        return { fileName: `${baseName}-species.csv`, mimeType: 'text/csv', content: speciesCsv(result) };
      case 'size-classes':
        return { fileName: `${baseName}-size-classes.csv`, mimeType: 'text/csv', content: sizeClassesCsv(result) };
      default:
        throw new Error(`Unknown export "${String(kind)}"; choose out, summary, trees, geojson, species or size-classes.`);
    }
  }
}
