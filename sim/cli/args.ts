import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A problem with what the user typed or pointed at: exit code 2. */
export class InputError extends Error {}

/** Where a command writes: data to stdout, messages and progress to stderr. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (a progress bar makes sense there). */
  stderrIsTty: boolean;
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

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

/** Checks before any work that an output file can be written where asked. */
export async function checkWritableTarget(flag: string, out: string): Promise<void> {
  const dir = dirname(out);
  const info = await stat(dir).catch(() => null);
  if (!info || !info.isDirectory()) throw new InputError(`--${flag} ${out}: the folder ${dir} does not exist`);
  const existing = await stat(out).catch(() => null);
  if (existing?.isDirectory()) throw new InputError(`--${flag} ${out}: is a folder, not a file`);
}
