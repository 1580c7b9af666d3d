import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A problem with what the user typed or pointed at: exit code 2. */
export class InputError extends Error {}

/** Where a command writes: data to stdout, messages and progress to stderr. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (a progress bar makes sense there). */
  stderrIsTty: boolean;
  /** Whether stdout is a terminal (a table to read rather than CSV to keep); false when absent. */
  stdoutIsTty?: boolean;
  stdinIsTty: boolean;
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** How every command that runs simulations is run: threads, progress, messages, help. */
export const RUN_CONTROL_OPTIONS = {
  threads: { type: 'string' },
  'force-threads': { type: 'boolean', default: false },
  progress: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** node:util parseArgs with its errors turned into InputError. */
export function parseCommand<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new InputError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function wholeNumber(flag: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new InputError(`--${flag} must be a whole number >= ${min}, not "${raw}"`);
  return Number(raw);
}

/**
 * The worker threads to use from `--threads`: at most one per core unless `--force-threads`, since more
 * threads than cores only slow a run and use more memory (results are the same whatever the count).
 * `say` is told when the count is lowered.
 */
export function threadCount(raw: string | undefined, force: boolean, say: (text: string) => void, cores = availableParallelism()): number | undefined {
  const asked = wholeNumber('threads', raw);
  if (asked === undefined || force || asked <= cores) return asked;
  say(`--threads ${asked}: this machine has ${cores} core${cores === 1 ? '' : 's'}; using ${cores} (--force-threads to use ${asked})\n`);
  return cores;
}

/**
 * Checks before any work that an output file can be written where asked: its folder exists and is
 * writable, it is not a folder, device or pipe (the file is replaced by renaming), and it is none of
 * the command's inputs.
 */
export async function checkWritableTarget(flag: string, out: string, inputs: readonly string[] = []): Promise<void> {
  const dir = dirname(out);
  const info = await stat(dir).catch(() => null);
  if (!info || !info.isDirectory()) throw new InputError(`--${flag} ${out}: the folder ${dir} does not exist`);
  if (!(await access(dir, constants.W_OK).then(() => true, () => false))) throw new InputError(`--${flag} ${out}: cannot write in ${dir}`);
  const existing = await stat(out).catch(() => null);
  if (existing?.isDirectory()) throw new InputError(`--${flag} ${out}: is a folder, not a file`);
  if (existing && !existing.isFile()) {
    throw new InputError(`--${flag} ${out}: is not a regular file (leave out --${flag} to write to standard output)`);
  }
  const target = existing ? await realpath(out) : resolve(out);
  for (const input of inputs) {
    const source = await realpath(input).catch(() => resolve(input));
    if (source === target) throw new InputError(`--${flag} ${out}: would overwrite the input ${input}`);
    const inside = !relative(source, target).startsWith('..');
    if (inside && (await stat(source).catch(() => null))?.isDirectory()) {
      throw new InputError(`--${flag} ${out}: is inside the input folder ${input}`);
    }
  }
}

/** Refuses, before any work, when stdin is a terminal: "-" means a scenario piped in. */
export function checkStdinIsPiped(isTty: boolean): void {
  if (isTty) throw new InputError('"-" reads the scenario from standard input, but nothing is piped in (e.g. reforest run - < scenario.json)');
}
