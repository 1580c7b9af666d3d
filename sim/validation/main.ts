import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeSharedPool } from '../run/pool.js';
import { runScenarios, type NamedScenario } from './batch.js';
import { browsingCheck } from './checks/browsing.js';
import { convergenceCheck } from './checks/convergence.js';
import { fieldResolutionCheck } from './checks/fieldResolution.js';
import { fieldScenariosCheck } from './checks/fieldScenarios.js';
import { fieldVsWalkSection } from './checks/fieldVsWalk.js';
import { heightCheck } from './checks/height.js';
import { movementSection } from './checks/movement.js';
import { protectionCheck } from './checks/protection.js';
import { shelterTrialsCheck } from './checks/shelters.js';
import { standCheck } from './checks/stand.js';
import { renderReport, type Check, type CheckOptions, type Section } from './report.js';

/**
 * `npm run validate-model`: runs the named validation scenarios and writes docs/validation.md with
 * its SVG figures in docs/validation/. `--quick` runs fewer replicates and shorter runs for a first
 * look; `--only id,id` runs some checks; `--threads N` sets the worker threads; `--out DIR` the folder.
 */

const CHECKS: Check[] = [heightCheck, standCheck, browsingCheck, protectionCheck, shelterTrialsCheck, fieldScenariosCheck, fieldResolutionCheck, convergenceCheck];

function parse(argv: string[]) {
  const o = { quick: false, only: null as string[] | null, threads: undefined as number | undefined, out: resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--threads') o.threads = Number(argv[++i]);
    else if (a === '--out') o.out = resolve(argv[++i]);
    else {
      process.stderr.write(`validate-model: unknown argument "${a}" (use --quick, --only ID,ID, --threads N, --out DIR)\n`);
      process.exit(2);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const started = performance.now();
  const opts: CheckOptions = { quick: args.quick };
  const checks = CHECKS.filter((c) => !args.only || args.only.includes(c.id));
  const scenarios = new Map<string, NamedScenario>();
  for (const c of checks) for (const s of c.scenarios(opts)) scenarios.set(s.key, s);
  process.stderr.write(`Validation: ${scenarios.size} scenarios from ${checks.map((c) => c.id).join(', ')}${args.quick ? ' (quick)' : ''}\n`);
  let last = 0;
  const runs = await runScenarios([...scenarios.values()], {
    threads: args.threads,
    baseDir: process.cwd(),
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last > 5000 || done === total) {
        last = now;
        process.stderr.write(`  ${done}/${total} replicates, ${Math.round((now - started) / 1000)} s\n`);
      }
    },
  });
  const sections: Section[] = checks.map((c) => c.evaluate(runs, opts));
  if (!args.only || args.only.includes('movement')) sections.splice(3, 0, await movementSection());
  if (!args.only || args.only.includes('field-vs-walk')) {
    const at = sections.findIndex((s) => s.title.startsWith('The herbivore field against the walk'));
    sections.splice(at < 0 ? sections.length : at, 0, await fieldVsWalkSection(opts));
  }
  const seconds = (performance.now() - started) / 1000;
  const report = renderReport(sections, {
    command: `npm run validate-model${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    seconds,
    quick: args.quick,
    date: new Date().toISOString().slice(0, 10),
  });

  // Written beside the targets and renamed into place, so a failed run leaves the last report whole.
  const figures = join(args.out, 'validation');
  const staging = join(args.out, `.validation-${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const s of sections) for (const f of s.figures) writeFileSync(join(staging, f.file), f.svg);
  const reportTmp = join(args.out, `.validation-${process.pid}.md.tmp`);
  writeFileSync(reportTmp, report);
  rmSync(figures, { recursive: true, force: true });
  renameSync(staging, figures);
  renameSync(reportTmp, join(args.out, 'validation.md'));
  const verdicts = sections.flatMap((s) => s.verdicts);
  const n = (v: string) => verdicts.filter((r) => r.verdict === v).length;
  process.stderr.write(`Wrote ${join(args.out, 'validation.md')} in ${Math.round(seconds)} s: ${n('agrees')} agree, ${n('close')} close, ${n('misses')} miss\n`);
}

await main();
await closeSharedPool();
