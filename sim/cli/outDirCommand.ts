import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, RUN_CONTROL_OPTIONS, threadCount, type CliIo, type Options } from './args.js';
import { parseProgressMode, type ProgressMode } from './progress.js';

/** What the commands that read one file and write a folder share (sweep, optimise). */
export const OUT_DIR_OPTIONS = {
  'out-dir': { type: 'string' },
  ...RUN_CONTROL_OPTIONS,
} as const satisfies Options;

export interface OutDirCommand {
  /** The one file the command reads. */
  file: string;
  /** The output folder, in full. */
  outDir: string;
  threads: number | undefined;
  progressMode: ProgressMode;
  quiet: boolean;
  /** Messages on standard error, unless --quiet. */
  say: (text: string) => void;
}

/**
 * Reads the shared options and refuses, before any work, a command without its one file (`what`
 * names it) or its --out-dir, or an --out-dir that is a file.
 */
export async function outDirCommand(
  command: string,
  what: string,
  values: { 'out-dir'?: string; threads?: string; 'force-threads'?: boolean; progress?: string; quiet?: boolean },
  positionals: readonly string[],
  io: CliIo,
): Promise<OutDirCommand> {
  if (positionals.length !== 1) throw new InputError(`${command} takes one ${what}; see reforest ${command} --help`);
  if (!values['out-dir']) throw new InputError(`${command} needs --out-dir DIR`);
  const progressMode = parseProgressMode(values.progress);
  const quiet = values.quiet === true;
  const say = quiet ? () => {} : io.stderr;
  const threads = threadCount(values.threads, values['force-threads'] === true, say);
  const outDir = resolve(values['out-dir']);
  const existing = await stat(outDir).catch(() => null);
  if (existing && !existing.isDirectory()) throw new InputError(`--out-dir ${values['out-dir']}: is a file, not a folder`);
  return { file: positionals[0], outDir, threads, progressMode, quiet, say };
}
