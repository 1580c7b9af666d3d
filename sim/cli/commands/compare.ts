import { writeFilesAtomic } from '../../output/atomic.js';
import { strategiesCsv, strategyPairsCsv } from '../../output/comparison.js';
import { formatMoney } from '../../output/format.js';
import { costBand, DETERMINISTIC_COSTS_NOTE, marginalCostText, type Spread, type StrategyComparison } from '../../shared/strategyComparison.js';
import { runStrategies } from '../../strategy/run.js';
import { parseCommand, type CliIo } from '../args.js';
import { withInterrupt } from '../interrupt.js';
import { makeProgress } from '../progress.js';
import { SCENARIO_RUN_OPTIONS, loadCommandScenario, outputTargets, scenarioCommand, strategiesOption } from '../scenarioCommand.js';

export const COMPARE_USAGE = `Usage: reforest compare [SCENARIO | -] [options]

Runs the plan of SCENARIO (the built-in default when omitted) under several protection
strategies with the same seed, so every strategy meets the same planting, weather and
growth draws, and compares them zone by zone: cost (total and per ha, p5-p95),
stocking at the stocking year and the chance of meeting the target, survival, tCO2e
at years 25 and 50 (p5-p95), cost per surviving tree, cost per tCO2e, the marginal
cost per extra tCO2e over the cheapest strategy, and how often one strategy is
cheaper per tonne than another. The table goes to the terminal, the CSV to --out (or,
without --out, to standard output when it is redirected to a file or a pipe).

Strategies (--strategies, comma-separated; each is also its label):
  none                     no fence, no shelters, no deer control
  fence                    the plan's fences as drawn
  enclose, enclose:TYPE    a new closed fence 5 m outside each zone (a deer fence unless
                           TYPE names another fence type), priced per metre
  shelters:H               shelters H m tall on every tree (cost library rate by height)
  cull:D                   deer control holding every herd at D per km2 all run
  fence+cull:D, ...        parts joined with "+"
  ZONE=S/ZONE=S            a mix: one strategy per zone ("/" between zones)
  Default: none, fence, enclose, shelters:1.2, shelters:1.8, cull:5, fence+cull:5
  (those that apply to the plan). A strategy that gives a zone no protection of its
  own ("fence" where the plan has no fence round it) says so under the zone's table.

Options:
  --strategies LIST      the strategies to compare
  --out FILE             the strategy table as CSV (default: standard output, unless a terminal)
  --pairs FILE           per zone and pair of strategies, the share of replicates in
                         which one is cheaper per tCO2e than the other (CSV)
  --replicates N         override the scenario's number of replicates
  --years N              override the number of years simulated
  --seed N               override the random seed
  --threads N            worker threads (default: one per core)
  --progress MODE        auto, json or none
  --quiet                no messages on standard error
  -h, --help             show this help

Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted.
`;

export async function compareCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    strategies: { type: 'string' },
    out: { type: 'string' },
    pairs: { type: 'string' },
    ...SCENARIO_RUN_OPTIONS,
  });
  if (values.help) {
    io.stdout(COMPARE_USAGE);
    return 0;
  }
  const cmd = scenarioCommand('compare', values, positionals, io);
  const { threads, say, label } = cmd;
  const targets = await outputTargets(cmd, { out: values.out, pairs: values.pairs });
  const loaded = await loadCommandScenario(cmd, io);
  const sc = loaded.resolved.scenario;
  const strategies = strategiesOption(values.strategies, sc);

  const started = Date.now();
  say(`Comparing ${strategies.length} strategies for "${sc.name}": ${sc.replicates} replicate${sc.replicates === 1 ? '' : 's'} × ${sc.years} years each…\n`);
  const progress = makeProgress(cmd.quiet ? 'none' : cmd.progressMode, io.stderr, io.stderrIsTty);
  const comparison = await withInterrupt(async (signal) => {
    const { comparison } = await runStrategies(loaded, strategies, label, {
      threads,
      signal,
      onProgress: (i, share) => progress.update(share * 1000, 1000, strategies[i].label),
    }).finally(() => progress.finish());
    const files = [];
    if (targets.has('pairs')) files.push({ file: targets.get('pairs')!, content: strategyPairsCsv(comparison) });
    if (targets.has('out')) files.push({ file: targets.get('out')!, content: strategiesCsv(comparison) });
    await writeFilesAtomic(files, signal);
    return comparison;
  });
  const table = strategyTable(comparison);
  if (targets.has('out')) io.stdout(table);
  else if (io.stdoutIsTty) {
    // A terminal gets the table to read; the 30-column CSV is for a file.
    io.stdout(table);
    say('The CSV goes to --out FILE, or to standard output when it is redirected.\n');
  } else {
    io.stdout(strategiesCsv(comparison));
    say(table);
  }
  say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.${targets.size > 0 ? ` Wrote ${[...targets.values()].join(', ')}.` : ''}\n`);
  return 0;
}

const money = formatMoney;
const tonnes = (s: Spread | null) => (s === null ? '—' : `${s.mean.toFixed(0)} (${s.p5.toFixed(0)}–${s.p95.toFixed(0)})`);

/** The comparison as a plain-text table per zone, for the terminal. */
export function strategyTable(c: StrategyComparison): string {
  const cur = c.currency;
  const head = [
    'strategy',
    `cost (${cur}, p5–p95)`,
    `per ha`,
    `stems/ha y${c.stockingYear} (P ≥ ${c.stockingTargetPerHa})`,
    `survival y${c.stockingYear}`,
    `replanted to y${c.stockingYear}`,
    'tCO2e y25',
    'tCO2e y50',
    `per tree alive y${c.stockingYear}`,
    `per tCO2e y${c.horizonYear}`,
    'marginal per extra tCO2e',
  ];
  const out: string[] = [`Strategies for "${c.scenarioName}", seed ${c.seed}, ${c.replicates} replicates; money in ${cur}, carbon in tCO2e (mean, p5–p95). ${DETERMINISTIC_COSTS_NOTE}`];
  for (const zone of [...new Set(c.rows.map((r) => r.zone))]) {
    const rows = c.rows.filter((r) => r.zone === zone);
    const cells = rows.map((r) => [
      r.strategy,
      costBand(r.cost, (v) => v.toFixed(0)) ? `${money(r.cost.mean, '')}(${costBand(r.cost, (v) => v.toFixed(0))})` : money(r.cost.mean, ''),
      money(r.costPerHa, ''),
      `${r.stocking.mean.toFixed(0)} (${(r.pStockingTarget * 100).toFixed(0)}%)`,
      `${(r.survival * 100).toFixed(1)}%`,
      r.beatenUp.mean.toFixed(0),
      tonnes(r.carbonY25),
      tonnes(r.carbonY50),
      money(r.costPerSurvivingTree, ''),
      money(r.costPerTco2e, ''),
      marginalCostText(r, (v) => money(v, '')),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].trim().length)));
    const line = (row: string[]) => row.map((v, i) => (i === 0 ? v.trim().padEnd(widths[i]) : v.trim().padStart(widths[i]))).join('  ');
    out.push('', `Zone ${zone} (${rows[0].areaHa.toFixed(1)} ha):`, line(head), ...cells.map(line), ...rows.filter((r) => r.note).map((r) => `  ${r.strategy}: ${r.note}.`));
  }
  return out.join('\n') + '\n';
}
