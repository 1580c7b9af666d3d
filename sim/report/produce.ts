import type { LoadedScenario } from '../scenario/load.js';
import type { Strategy } from '../shared/strategySpec.js';
import { buildReport, type BuildReportOptions } from './build.js';
import { renderReport } from './html.js';
import { printPdf } from './pdf.js';

/**
 * How the report names the scenario and the HTML file in its "command to reproduce": as the user gave
 * them (a path, `-` for standard input, a scenario's file name), not where the program found them.
 */
export interface ReproduceAs {
  scenario: string;
  out: string;
}

export interface ProduceReportOptions {
  strategies: readonly Strategy[];
  reproduceAs: ReproduceAs;
  /** The Chromium that prints the PDF (`findChromium`), or null for the HTML only. */
  chromium: string | null;
  threads?: number;
  signal?: AbortSignal;
  /** Share of the runs done, 0–1, and which run is under way. */
  onProgress?: (share: number, what: string) => void;
  /** Once the runs are over, finished or not: the page is then laid out and printed, which is not counted. */
  onRunsDone?: () => void;
  /** Runs of this plan already made (`BuildReportOptions.done`). */
  done?: BuildReportOptions['done'];
}

/** A report laid out, with its PDF where Chromium printed one. */
export interface ProducedReport {
  html: string;
  /** Null without a Chromium, or when it could not print (`pdfProblem` says why). */
  pdf: Uint8Array | null;
  /** The first line of Chromium's error when it could not print; the HTML is the report all the same. */
  pdfProblem: string | null;
}

/** The command that makes the same report again: same seed, replicates, years and strategies. */
export function reportCommand(loaded: LoadedScenario, strategies: readonly Strategy[], as: ReproduceAs): string {
  const sc = loaded.resolved.scenario;
  return [
    'reforest report',
    as.scenario,
    `--seed ${sc.seed}`,
    `--replicates ${sc.replicates}`,
    `--years ${sc.years}`,
    `--strategies '${strategies.map((s) => s.label).join(',').replace(/'/g, `'\\''`)}'`,
    `--out ${as.out}`,
  ].join(' ');
}

/**
 * The report on a plan, as `reforest report` writes it and the page saves it: the plan and each
 * strategy run (`buildReport`), laid out as one HTML page, and that page printed to PDF. A browser
 * that will not start or print costs the PDF, never the report.
 */
export async function produceReport(loaded: LoadedScenario, label: string, opts: ProduceReportOptions): Promise<ProducedReport> {
  const data = await buildReport(loaded, label, {
    strategies: opts.strategies,
    command: reportCommand(loaded, opts.strategies, opts.reproduceAs),
    threads: opts.threads,
    signal: opts.signal,
    onProgress: opts.onProgress,
    done: opts.done,
  }).finally(() => opts.onRunsDone?.());
  const html = renderReport(data);
  if (!opts.chromium) return { html, pdf: null, pdfProblem: null };
  try {
    return { html, pdf: await printPdf(html, opts.chromium), pdfProblem: null };
  } catch (err) {
    return { html, pdf: null, pdfProblem: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  }
}
