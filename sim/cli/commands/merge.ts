import { resolve } from 'node:path';
import { writeStreamAtomic } from '../../output/atomic.js';
import { mergeSweepDirs } from '../../sweep/outputs.js';
import { InputError, checkWritableTarget, parseCommand, type CliIo } from '../args.js';

export const MERGE_USAGE = `Usage: reforest merge DIR... --out FILE

Combines the output folders of a sweep's shards into one CSV, byte-identical to the
results.csv of the same sweep run unsharded. Fails, naming them, if runs are missing.

Options:
  --out FILE     the merged CSV (default: standard output)
  -h, --help     show this help
`;

export async function mergeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(MERGE_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new InputError('merge needs at least one sweep output folder');
  const out = values.out ? resolve(values.out) : undefined;
  const dirs = positionals.map((d) => resolve(d));
  if (out) await checkWritableTarget('out', out, dirs);
  // mergeSweepDirs checks that every run is there before it hands over the first piece.
  if (out) await writeStreamAtomic(out, (write) => mergeSweepDirs(dirs, write));
  else await mergeSweepDirs(dirs, async (chunk) => void io.stdout(chunk));
  return 0;
}
