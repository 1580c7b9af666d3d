import { open, stat } from 'node:fs/promises';
import { MAX_SCENARIO_BYTES } from '../shared/fileLimits.js';

/**
 * The text of a scenario, sweep or search file, or why it cannot be read, in words for the user. The
 * path must be a regular file: a pipe would block the reader and a device (`/dev/zero`) never ends, so
 * either is refused before it is opened. A file larger than the page and the desktop app open (16 MiB:
 * rasters go in files of their own) is refused by its size, and no more than its size is ever read: a file
 * that grows while it is read is refused.
 */
export async function readScenarioText(file: string): Promise<{ text: string } | { problem: string }> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { problem: 'is a folder, not a file' };
    if (!info.isFile()) return { problem: 'is not a regular file (a pipe, device or socket); give the path of a JSON file' };
    size = info.size;
  } catch (err) {
    return { problem: describe(err) };
  }
  if (size > MAX_SCENARIO_BYTES) return { problem: tooLarge(size) };
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    return { problem: describe(err) };
  }
  try {
    // Room for the file as it stood, and one byte more to notice it growing while read.
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) return { problem: 'changed while it was read; save it again and retry' };
    }
    return { text: buffer.toString('utf8', 0, length) };
  } catch (err) {
    return { problem: describe(err) };
  } finally {
    await handle.close();
  }
}

/** Reads standard input (or any stream) as text, refusing it once it passes the same size. */
export async function readStreamText(stream: NodeJS.ReadableStream): Promise<{ text: string } | { problem: string }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const b = Buffer.from(chunk as Buffer);
    length += b.length;
    if (length > MAX_SCENARIO_BYTES) return { problem: tooLarge(length, true) };
    chunks.push(b);
  }
  return { text: Buffer.concat(chunks).toString('utf8') };
}

function tooLarge(bytes: number, atLeast = false): string {
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  const size = atLeast ? `over ${mib(MAX_SCENARIO_BYTES)}` : mib(bytes);
  return `is ${size}, more than the ${mib(MAX_SCENARIO_BYTES)} a scenario, sweep or search file may be (rasters and GIS files go in files of their own)`;
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return (err as Error).message;
}
