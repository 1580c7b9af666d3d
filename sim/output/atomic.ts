import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a temporary
 * name in the same folder and is renamed into place once fully written.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await writeFilesAtomic([{ file, content }]);
}

/**
 * Writes several files so that either all appear complete or none does: every content goes to a
 * temporary name first, and the renames happen only when all are written.
 */
export async function writeFilesAtomic(files: readonly { file: string; content: string | Uint8Array }[]): Promise<void> {
  const temps = files.map(({ file }) => join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`));
  try {
    for (let i = 0; i < files.length; i++) await writeFile(temps[i], files[i].content);
    for (let i = 0; i < files.length; i++) await rename(temps[i], files[i].file);
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t).catch(() => {})));
    throw err;
  }
}
