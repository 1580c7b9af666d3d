import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunCancelledError } from '../run/events.js';

/** A hidden name beside the file, unique to this process and write, ending in .tmp. */
function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a temporary
 * name in the same folder and is renamed into place once fully written.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await writeFilesAtomic([{ file, content }]);
}

/** What to write: the whole text, or a producer that hands it over piece by piece. */
export type FileContent = string | Uint8Array | ((write: (chunk: string) => Promise<void>) => Promise<void>);

/**
 * Writes several files so that either all appear complete or none does: every content goes to a
 * temporary name first, and the renames happen only when all are written.
 */
export async function writeFilesAtomic(files: readonly { file: string; content: FileContent }[], signal?: AbortSignal): Promise<void> {
  const temps = files.map(({ file }) => temporaryName(file));
  let current = 0;
  try {
    for (; current < files.length; current++) {
      const content = files[current].content;
      await writePieces(temps[current], typeof content === 'function' ? content : async (write) => write(content), signal);
    }
    // Ctrl-C while writing: nothing is renamed into place.
    if (signal?.aborted) throw new RunCancelledError();
    for (current = 0; current < files.length; current++) await rename(temps[current], files[current].file);
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t).catch(() => {})));
    const code = (err as NodeJS.ErrnoException).code;
    // A full disk or the like: say which output could not be written (never the temporary name).
    if (code && current < files.length) throw new Error(`cannot write ${files[current].file}: ${WRITE_FAILURES[code] ?? (err as Error).message}; nothing was written`);
    throw err;
  }
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EIO: 'an input/output error on the disk',
};

/** Writes and syncs a file, so that after the rename a crash cannot leave it short. */
async function writePieces(
  file: string,
  produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const handle = await open(file, 'w');
  try {
    // writeFile on a handle writes the whole chunk from the current position (write() may stop short).
    await produce(async (chunk) => {
      if (signal?.aborted) throw new RunCancelledError();
      await handle.writeFile(chunk);
    });
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file piece by piece, for outputs too large to hold in memory at once, with the same
 * guarantee: it appears under its name only when complete.
 */
export async function writeStreamAtomic(
  file: string,
  produce: (write: (chunk: string) => Promise<void>) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  await writeFilesAtomic([{ file, content: produce }], signal);
}
