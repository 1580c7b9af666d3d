import { csvParseRows } from 'd3';
import type { HostApi } from '../../sim/hostApi/api.js';
import { METRIC_DESCRIPTIONS } from '../../sim/shared/metrics.js';
import { COST_PER_TCO2E, SWEEP_METRICS, sweepMetricLabel, sweepMetricNote, variantFigures, type SweepMetric, type SweepRow } from '../charts/sweepFigures.js';
import { renderSweepView, type SweepManifestView } from '../charts/sweepView.js';
import { csvCellText } from '../../sim/shared/csvCell.js';

export interface SweepElements {
  folder: HTMLInputElement;
  status: HTMLElement;
  zone: HTMLSelectElement;
  metric: HTMLSelectElement;
  year: HTMLInputElement;
  x: HTMLSelectElement;
  y: HTMLSelectElement;
  area: HTMLElement;
  maps: HTMLElement;
  /** Saves the sweep shown's results.csv. */
  exportCsv: HTMLButtonElement;
}

export interface SweepOptions {
  host: HostApi;
  elements: SweepElements;
  /** Opens a variant's scenario file as the plan, with the other files picked (rasters it names). */
  openVariant(file: File, picked: File[]): Promise<void>;
  /** The cost library's currency: a sweep whose scenario names none is costed in it. */
  libraryCurrency?: string;
}

/** A finished sweep to show, from a folder or run in the page: what the heat maps are drawn from. */
export interface SweepShown {
  manifest: SweepManifestView;
  /** Its results.csv. */
  csv: string;
  /** Its currency (ISO 4217), or '' where not known. */
  currency: string;
  /** What *Export CSV* saves the results as. */
  fileName: string;
  /** Opens variant `variant` as the plan. */
  openVariant(variant: number): Promise<void> | void;
}

/** Files of a picked folder by their path inside it ('sweep.json', 'variants/variant-000003.json'). */
function byPath(files: readonly File[]): Map<string, File> {
  const out = new Map<string, File>();
  for (const f of files) {
    const rel = f.webkitRelativePath || f.name;
    out.set(rel.split('/').slice(1).join('/') || rel, f);
  }
  return out;
}

/** Where a variant's scenario lies in the sweep's folder. */
const variantPath = (variant: number) => `variants/variant-${String(variant).padStart(6, '0')}.json`;

/**
 * A sweep's results in the page, however it was made: a sweep's output folder (as `reforest sweep
 * --out-dir` writes it) opened from disk, or a sweep defined and run in the page (sweepDesigner.ts).
 * Either shows as heat maps over two chosen variables for any zone, metric (or cost per tCO2e, in the
 * sweep's currency) and year; a click on a cell opens that variant as the plan, and *Export CSV* saves
 * the results.csv shown.
 */
export class SweepController {
  private sweep: SweepShown | null = null;
  private rows: SweepRow[] = [];
  /** The sweep's currency, from its scenario (else the cost library's); '' while not known. */
  private currency = '';
  /** What the maps show (zone, metric, year, variables): they are drawn again only when it changes. */
  private shown = '';

  constructor(private readonly options: SweepOptions) {
    const el = options.elements;
    this.listMetrics();
    el.metric.value = 'carbon_tco2e';
    el.folder.addEventListener('change', () => {
      const picked = [...(el.folder.files ?? [])];
      el.folder.value = '';
      if (picked.length) void this.open(picked);
    });
    for (const input of [el.zone, el.metric, el.year, el.x, el.y]) input.addEventListener('change', () => this.render());
    // A year typed shows at once: its change event, which comes when the field loses focus (as a
    // cell is clicked), then finds the maps as they are and leaves the cell under the pointer.
    el.year.addEventListener('input', () => this.render());
    el.exportCsv.addEventListener('click', () => {
      if (this.sweep) void options.host.saveFile(this.sweep.fileName, 'text/csv', this.sweep.csv);
    });
  }

  /** Reads a picked sweep folder; says what is missing when it is not a finished sweep. */
  async open(picked: File[]): Promise<void> {
    const el = this.options.elements;
    const files = byPath(picked);
    const manifestFile = files.get('sweep.json');
    const results = files.get('results.csv');
    if (!manifestFile) {
      el.status.textContent = 'Not a sweep folder: it has no sweep.json (pick the folder given to reforest sweep --out-dir).';
      return;
    }
    let manifest: SweepManifestView;
    try {
      manifest = JSON.parse(await manifestFile.text()) as SweepManifestView;
      if (!Array.isArray(manifest.variables) || !Array.isArray(manifest.variants)) throw new Error('no variables or variants');
    } catch (err) {
      el.status.textContent = `sweep.json cannot be read: ${(err as Error).message}`;
      return;
    }
    if (!results) {
      const runs = [...files.keys()].filter((k) => /^runs\/run-\d+\.csv$/.test(k)).length;
      el.status.textContent = `The sweep "${manifest.name}" is not finished: ${runs} of ${manifest.variants.length * manifest.replicates} runs, no results.csv yet (run the sweep again to finish it, or reforest merge its shards).`;
      return;
    }
    const folder = (picked[0].webkitRelativePath || picked[0].name).split('/')[0] || 'sweep';
    this.show({
      manifest,
      csv: await results.text(),
      currency: (await scenarioCurrency(files, manifest)) ?? this.options.libraryCurrency ?? '',
      fileName: `${folder}-results.csv`,
      openVariant: async (variant) => {
        const name = variantPath(variant);
        const file = files.get(name);
        if (!file) {
          el.status.textContent = `The folder has no ${name}: sweeps written before variants were kept beside the results cannot open a variant.`;
          return;
        }
        await this.options.openVariant(file, picked);
      },
    });
  }

  /** Shows a finished sweep's results in the sweep area, with the whole site and the last year chosen. */
  show(sweep: SweepShown): void {
    const el = this.options.elements;
    const { manifest } = sweep;
    this.sweep = sweep;
    this.shown = '';
    this.currency = sweep.currency;
    this.listMetrics();
    // csvParseRows, not csvParse: csvParse compiles a row builder with new Function, which the page's
    // content security policy forbids.
    const [header, ...body] = csvParseRows(sweep.csv);
    this.rows = body.map((cells) => Object.fromEntries(header.map((h, i) => [h, csvCellText(cells[i] ?? '')])));
    const zones = [...new Set(this.rows.map((r) => r.zone))];
    const years = this.rows.reduce((most, r) => Math.max(most, Number(r.year)), 0);
    el.zone.replaceChildren(...zones.map((z) => new Option(z === 'all' ? 'Whole site' : z, z)));
    el.zone.value = zones.includes('all') ? 'all' : zones[0];
    el.year.max = String(years);
    el.year.value = String(years);
    const variables = manifest.variables.map((v, i) => new Option(v, String(i)));
    el.x.replaceChildren(...variables.map((o) => new Option(o.text, o.value)));
    el.y.replaceChildren(new Option('(none)', '-1'), ...variables.map((o) => new Option(o.text, o.value)));
    el.x.value = '0';
    el.y.value = manifest.variables.length > 1 ? '1' : '-1';
    el.status.textContent = `${manifest.name}: ${manifest.variants.length} variants × ${manifest.replicates} replicates, years 0–${years}.`;
    el.area.hidden = false;
    this.render();
  }

  /** The metrics a map can show, in words with their units (money in the sweep's currency), each described on hover. */
  private listMetrics(): void {
    const el = this.options.elements;
    const chosen = el.metric.value;
    el.metric.replaceChildren(
      ...SWEEP_METRICS.map((m) => {
        const option = new Option(sweepMetricLabel(m, this.currency), m);
        option.title = m === COST_PER_TCO2E ? sweepMetricNote(m) : METRIC_DESCRIPTIONS[m];
        return option;
      }),
    );
    if (chosen) el.metric.value = chosen;
  }

  private render(): void {
    const el = this.options.elements;
    const sweep = this.sweep;
    if (!sweep) return;
    const x = Number(el.x.value);
    let y = Number(el.y.value);
    if (y === x) y = -1;
    const metric = el.metric.value as SweepMetric;
    const year = Math.max(0, Math.min(Number(el.year.max), Math.round(Number(el.year.value) || 0)));
    const shown = JSON.stringify([el.zone.value, metric, year, x, y]);
    if (shown === this.shown) return;
    this.shown = shown;
    renderSweepView(el.maps, {
      manifest: sweep.manifest,
      figures: variantFigures(this.rows, el.zone.value, metric, year),
      metric,
      currency: this.currency,
      year,
      zone: el.zone.value,
      x,
      y,
      onPick: (variant) => void sweep.openVariant(variant),
    });
  }
}

/** The currency a sweep folder's scenario names (its first variant's), or null where it names none. */
async function scenarioCurrency(files: Map<string, File>, manifest: SweepManifestView): Promise<string | null> {
  const first = manifest.variants[0];
  const file = first ? files.get(variantPath(first.index)) : undefined;
  if (!file) return null;
  try {
    const currency = (JSON.parse(await file.text()) as { currency?: unknown }).currency;
    return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : null;
  } catch {
    return null;
  }
}
