import type { HostApi, ImportedShapes, PlanExportFormat } from '../../sim/hostApi/api.js';
import { MAX_GIS_BYTES } from '../../sim/shared/fileLimits.js';
import { importShapes } from '../editor/commands.js';
import type { ScenarioDocument } from '../editor/scenarioDocument.js';
import { showProblems } from '../panels/problemsView.js';

export interface GisElements {
  /** Import GIS…: a GeoJSON, KML, zipped Shapefile or GeoPackage file. */
  input: HTMLInputElement;
  /** What the last import brought in, and the host's notes on it. */
  notes: HTMLElement;
  /** Plan as GeoJSON, Plan as GeoPackage. */
  exports: Record<PlanExportFormat, HTMLElement>;
  problems: HTMLElement;
}

export interface GisOptions {
  host: HostApi;
  elements: GisElements;
  /** The plan being edited and the open site it is edited on (null before any is open). */
  editor: { readonly siteId: string | null; readonly document: ScenarioDocument };
}

/** What an import brought in, as the page says it: the counts, then each of the host's notes as a sentence. */
export function importSummary(fileName: string, shapes: Pick<ImportedShapes, 'zones' | 'fences' | 'notes'>): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return [`Imported ${count(shapes.zones.length, 'zone')} and ${count(shapes.fences.length, 'fence')} from ${fileName}.`, ...shapes.notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`)].join(' ');
}

/**
 * GIS in and out. The host reads a file and reprojects it onto the open site; the plan takes its
 * polygons as zones and its lines as fences in one edit (undone in one step). The plan's zones and
 * fences export as GeoJSON or GeoPackage in the terrain's CRS. A file over the size the host takes
 * is refused here, before it is read.
 */
export class GisController {
  constructor(private readonly options: GisOptions) {
    const { elements: el, host, editor } = options;
    el.input.addEventListener('change', async () => {
      const file = el.input.files?.[0];
      el.input.value = '';
      const siteId = editor.siteId;
      if (!file || !siteId) return;
      if (file.size > MAX_GIS_BYTES) {
        showProblems(el.problems, `${file.name} cannot be imported`, [{ file: file.name, message: `is ${(file.size / 2 ** 20).toFixed(0)} MiB; a plan's zones and fences come in at most ${MAX_GIS_BYTES / 2 ** 20} MiB` }]);
        return;
      }
      await this.importFile(file.name, new Uint8Array(await file.arrayBuffer()));
    });
    for (const format of ['geojson', 'gpkg'] as const) {
      el.exports[format].addEventListener('click', async () => {
        const siteId = editor.siteId;
        if (!siteId) return;
        try {
          await host.exportPlan(siteId, editor.document.text, format);
        } catch (err) {
          showProblems(el.problems, 'The plan cannot be exported', [{ message: (err as Error).message }]);
        }
      });
    }
  }

  /** Adds a GIS file's shapes to the plan (a file the user picked, or one the desktop app read). */
  async importFile(fileName: string, data: Uint8Array): Promise<void> {
    const { elements: el, host, editor } = this.options;
    const siteId = editor.siteId;
    if (!siteId) return;
    const result = await host.importGis(siteId, fileName, data);
    if (!result.ok) {
      el.notes.textContent = '';
      showProblems(el.problems, `${fileName} cannot be imported`, result.problems);
      return;
    }
    showProblems(el.problems, '', []);
    editor.document.execute(importShapes(result));
    el.notes.textContent = importSummary(fileName, result);
  }
}
