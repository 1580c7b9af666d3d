import { resolve } from 'node:path';
import { writeFilesAtomic } from '../../output/atomic.js';
import { findChromium } from '../../report/pdf.js';
import { produceReport } from '../../report/produce.js';
import { InputError, parseCommand, type CliIo } from '../args.js';
import { SURVEY_FORECAST_OPTIONS, acceptOption, actionsOption, particlesOption, surveyOption } from '../forecastOptions.js';
import { withInterrupt } from '../interrupt.js';
import { makeProgress } from '../progress.js';
import { SCENARIO_RUN_OPTIONS, loadCommandScenario, outputTargets, scenarioCommand, strategiesOption } from '../scenarioCommand.js';

export const REPORT_USAGE = `Usage: reforest report [SCENARIO | -] --out REPORT.html [options]

Writes one self-contained HTML report of SCENARIO's plan (the built-in default when
omitted) that opens offline and prints well, and a PDF of it printed by Chromium
when Chromium is found (REFOREST_CHROMIUM, or /usr/bin/chromium): the site map with
zones, fences and a scale bar, the bill of quantities, the protection strategies
compared (as 'reforest compare'), charts of the plan with p5-p95 bands, the carbon
unit schedule, every parameter with its source, the seed and the version. With
--survey, a "Monitoring" section after the strategies: the survey and its plots on
the map, what it found against the forecast, the forecast conditioned on it (as
'reforest forecast', with the plan's seed) and the actions after it, recommended.

Options:
  --out FILE             the HTML report (required)
  --pdf FILE             the PDF (default: FILE with .pdf for .html); --no-pdf for none
  --no-pdf               write the HTML only
  --strategies LIST      as for 'reforest compare' (default: those that apply)
  --survey FILE          a field survey of the plan (docs/monitoring.md)
  --particles N, --accept SHARE, --actions LIST
                         with --survey, as for 'reforest forecast' (default 1000,
                         0.05, and the actions that apply)
  --replicates N, --years N, --seed N, --threads N, --progress MODE, --quiet
  -h, --help             show this help

Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted.
`;

export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    out: { type: 'string' },
    pdf: { type: 'string' },
    'no-pdf': { type: 'boolean', default: false },
    strategies: { type: 'string' },
    ...SURVEY_FORECAST_OPTIONS,
    ...SCENARIO_RUN_OPTIONS,
  });
  if (values.help) {
    io.stdout(REPORT_USAGE);
    return 0;
  }
  if (values.out === undefined) throw new InputError('--out REPORT.html is required');
  if (values.pdf !== undefined && values['no-pdf']) throw new InputError('--pdf and --no-pdf cannot both be given');
  const withoutSurvey = (['particles', 'accept', 'actions'] as const).filter((k) => values[k] !== undefined);
  if (values.survey === undefined && withoutSurvey.length > 0) throw new InputError(`${withoutSurvey.map((k) => `--${k}`).join(', ')}: only with --survey FILE`);
  const particles = particlesOption(values.particles);
  const accept = acceptOption(values.accept);
  const cmd = scenarioCommand('report', values, positionals, io);
  const { threads, say, label, fromStdin, source } = cmd;
  const html = resolve(values.out);
  const pdf = values['no-pdf'] ? null : resolve(values.pdf ?? html.replace(/\.html?$/i, '') + '.pdf');
  if (pdf === html) throw new InputError(`--pdf ${pdf}: the same file as --out`);
  await outputTargets(cmd, { out: html, ...(pdf ? { pdf } : {}) });
  const chromium = pdf ? findChromium(io.env) : null;
  const loaded = await loadCommandScenario(cmd, io);
  const sc = loaded.resolved.scenario;
  const strategies = strategiesOption(values.strategies, sc);
  const reproduceAs = { scenario: fromStdin ? '-' : source, out: values.out, survey: values.survey };
  const monitoring =
    values.survey === undefined
      ? undefined
      : { actions: actionsOption(values.actions, loaded), survey: await surveyOption(values.survey, loaded), particles, acceptShare: accept };

  const started = Date.now();
  const surveyWork = monitoring ? `, and conditioned on "${monitoring.survey.name}" (year ${monitoring.survey.year}) with ${particles} particles and ${monitoring.actions.length} actions after it` : '';
  say(`Reporting on "${sc.name}": the plan and ${strategies.length} strategies, ${sc.replicates} replicates × ${sc.years} years each${surveyWork}…\n`);
  const progress = makeProgress(cmd.quiet ? 'none' : cmd.progressMode, io.stderr, io.stderrIsTty);
  let pdfProblem: string | null = null;
  await withInterrupt(async (signal) => {
    const report = await produceReport(loaded, label, {
      strategies,
      reproduceAs,
      chromium,
      threads,
      signal,
      monitoring,
      onProgress: (share, what) => progress.update(share * 1000, 1000, what),
      onRunsDone: () => progress.finish(),
    });
    pdfProblem = report.pdfProblem;
    const files: { file: string; content: string | Uint8Array }[] = [{ file: html, content: report.html }];
    if (pdf && report.pdf) files.push({ file: pdf, content: report.pdf });
    await writeFilesAtomic(files, signal);
  });
  if (pdfProblem) io.stderr(`reforest: Chromium at ${chromium} could not print the PDF (${pdfProblem}); print ${html} from a browser instead\n`);
  const wrote = [html, ...(pdf && chromium && !pdfProblem ? [pdf] : [])];
  if (pdf && !chromium) io.stderr(`reforest: no Chromium found (set REFOREST_CHROMIUM or install chromium); the PDF was not written, print ${html} from a browser instead\n`);
  say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Wrote ${wrote.join(', ')}.\n`);
  return 0;
}
