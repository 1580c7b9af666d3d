import { randomBytes } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
export async function writeFilesAtomic(files: readonly { file: string; content: FileContent }[]): Promise<void> {
  const temps = files.map(({ file }) => temporaryName(file));
  try {
    for (let i = 0; i < files.length; i++) {
      const content = files[i].content;
      if (typeof content === 'function') await writePieces(temps[i], content);
      else await writeFile(temps[i], content);
    }
    for (let i = 0; i < files.length; i++) await rename(temps[i], files[i].file);
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t).catch(() => {})));
    throw err;
  }
}

async function writePieces(file: string, produce: (write: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await produce(async (chunk) => {
      await handle.write(chunk);
    });
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file piece by piece, for outputs too large to hold in memory at once, with the same
 * guarantee: it appears under its name only when complete.
 */
export async function writeStreamAtomic(file: string, produce: (write: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  await writeFilesAtomic([{ file, content: produce }]);
}
