import type { LoadedScenario } from '../scenario/load.js';
import type { Strategy } from '../shared/strategySpec.js';
import { buildReport, type BuildReportOptions } from './build.js';
import type { MonitoringRequest } from './monitoringRun.js';
import { renderReport } from './html.js';
import { printPdf } from './pdf.js';

/**
 * How the report names the scenario and the HTML file in its "command to reproduce": as the user gave
 * them (a path, `-` for standard input, a scenario's file name), not where the program found them.
 */
export interface ReproduceAs {
  scenario: string;
  out: string;
  /** The survey file, with a survey. */
  survey?: string;
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
  /** A field survey of the plan: the report then has a "Monitoring" section. */
  monitoring?: MonitoringRequest;
}

/** A report laid out, with its PDF where Chromium printed one. */
export interface ProducedReport {
  html: string;
  /** Null without a Chromium, or when it could not print (`pdfProblem` says why). */
  pdf: Uint8Array | null;
  /** The first line of Chromium's error when it could not print; the HTML is the report all the same. */
  pdfProblem: string | null;
}

/** A word as the shell takes it: quoted where it holds anything but plain characters. */
const shellWord = (w: string) => (/^[\w./:+,=@-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** The command that makes the same report again: same seed, replicates, years, strategies and, with a survey, its options. */
export function reportCommand(loaded: LoadedScenario, strategies: readonly Strategy[], as: ReproduceAs, monitoring?: MonitoringRequest): string {
  const sc = loaded.resolved.scenario;
  const survey = monitoring
    ? [
        `--survey ${shellWord(as.survey ?? 'SURVEY.json')}`,
        `--particles ${monitoring.particles}`,
        `--accept ${monitoring.acceptShare}`,
        `--actions ${shellWord(monitoring.actions.map((a) => a.label).join(','))}`,
      ]
    : [];
  return [
    'reforest report',
    as.scenario,
    `--seed ${sc.seed}`,
    `--replicates ${sc.replicates}`,
    `--years ${sc.years}`,
    `--strategies '${strategies.map((s) => s.label).join(',').replace(/'/g, `'\\''`)}'`,
    ...survey,
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
    command: reportCommand(loaded, opts.strategies, opts.reproduceAs, opts.monitoring),
    threads: opts.threads,
    signal: opts.signal,
    onProgress: opts.onProgress,
    done: opts.done,
    monitoring: opts.monitoring,
  }).finally(() => opts.onRunsDone?.());
  const html = renderReport(data);
  if (!opts.chromium) return { html, pdf: null, pdfProblem: null };
  try {
    return { html, pdf: await printPdf(html, opts.chromium), pdfProblem: null };
  } catch (err) {
    return { html, pdf: null, pdfProblem: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  }
}
