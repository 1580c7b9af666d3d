import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { TerrainError } from './errors.js';

/** Most bytes a value takes with its separator in any real grid (`-1234.567890123456 ` is 19). */
const MAX_BYTES_PER_VALUE = 64;
/** The header is read from this much of the file's start. */
const HEAD_BYTES = 64 * 1024;

/**
 * The text of an ESRI ASCII grid of `size` bytes, read no further than its header's cells. A file far
 * larger than those cells can fill is refused from its header alone, before it is read; any other is
 * read as a stream, counting values past the header, and refused at the line where a value beyond the
 * header's rows × columns starts: a header of four cells over one line of a hundred million values is
 * never read to its end, nor split.
 */
export async function readAsciiGridText(file: string, size: number): Promise<string> {
  const cells = await headerCells(file, size);
  if (cells === null) return readAll(file);
  const chunks: string[] = [];
  const counter = new ValueCounter(cells.count);
  const stream = createReadStream(file, { encoding: 'latin1', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const overflow = counter.feed(chunk);
    if (overflow > 0) {
      stream.destroy();
      throw new TerrainError(
        `${file} line ${overflow}: more values than the header's ${cells.rows} rows × ${cells.cols} columns = ${cells.count}`,
        file,
      );
    }
    chunks.push(chunk);
  }
  return chunks.join('');
}

async function readAll(file: string): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of createReadStream(file, { encoding: 'latin1', highWaterMark: 1 << 20 }) as AsyncIterable<string>) chunks.push(chunk);
  return chunks.join('');
}

/** The header's rows and columns, read from the file's start; null when it does not give both (the parser then says what is missing). */
async function headerCells(file: string, size: number): Promise<{ cols: number; rows: number; count: number } | null> {
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.toString('latin1', 0, bytesRead);
  } finally {
    await handle.close();
  }
  const ncols = /^\s*ncols\s+(\d+)\s*$/im.exec(head);
  const nrows = /^\s*nrows\s+(\d+)\s*$/im.exec(head);
  if (!ncols || !nrows) return null;
  const cols = Number(ncols[1]);
  const rows = Number(nrows[1]);
  const count = cols * rows;
  if (!(count >= 1)) return null;
  if (size > head.length + count * MAX_BYTES_PER_VALUE) {
    throw new TerrainError(
      `is ${(size / 2 ** 20).toFixed(1)} MiB, far more than its header's ${rows} rows × ${cols} columns can hold ` +
        `(at most ${MAX_BYTES_PER_VALUE} bytes a value); check ncols and nrows`,
      file,
    );
  }
  return { cols, rows, count };
}

const NUMBER_START = /^[-+]?(\d|\.\d|nan)/i;

/**
 * Counts the values of an ASCII grid as its text streams in, chunk by chunk: header lines (those whose
 * first token is not a number, until the first that is) hold none. Line breaks are \n, \r\n or \r.
 */
class ValueCounter {
  private line = 1;
  private inHeader = true;
  private inToken = false;
  /** The current line's first token while the header is read (to tell a header line from data). */
  private first = '';
  private firstDone = false;
  private afterCR = false;
  private values = 0;

  constructor(private readonly limit: number) {}

  /** Takes the next chunk; the line where the value past the limit starts, or 0. */
  feed(chunk: string): number {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch === 10 || ch === 13) {
        if (!(ch === 10 && this.afterCR)) this.endLine();
        this.afterCR = ch === 13;
        continue;
      }
      this.afterCR = false;
      const space = ch === 32 || ch === 9 || ch === 11 || ch === 12;
      if (space) {
        if (this.inToken && this.inHeader && !this.firstDone) this.endFirstToken();
        this.inToken = false;
        continue;
      }
      if (!this.inToken) {
        this.inToken = true;
        if (!this.inHeader && ++this.values > this.limit) return this.line;
      }
      if (this.inHeader && !this.firstDone && this.first.length < 32) this.first += chunk[i];
    }
    return 0;
  }

  private endFirstToken(): void {
    this.firstDone = true;
    if (NUMBER_START.test(this.first)) {
      // The first data line: its first value is counted here, the rest as they come.
      this.inHeader = false;
      this.values = 1;
    }
  }

  private endLine(): void {
    if (this.inToken && this.inHeader && !this.firstDone) this.endFirstToken();
    this.inToken = false;
    this.line++;
    this.first = '';
    this.firstDone = false;
  }
}
