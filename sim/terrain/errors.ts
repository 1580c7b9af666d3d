/**
 * The one error the terrain loaders throw. Its message is shown to users as is, so it names the file and
 * says what is wrong in plain words; errors raised inside libraries (geotiff, fs) are caught and re-worded
 * into one of these, never passed through with their stack traces.
 */
export class TerrainError extends Error {
  /** The file the problem is in, when there is one. */
  readonly file?: string;

  /**
   * @param message what is wrong; when `file` is given and the message does not already start with it
   *   (as in `site.asc line 7: …`), the message is prefixed with `file: `.
   */
  constructor(message: string, file?: string) {
    super(file !== undefined && !message.startsWith(file) ? `${file}: ${message}` : message);
    this.name = 'TerrainError';
    if (file !== undefined) this.file = file;
  }
}

/** A short description of a caught exception, for inclusion in a TerrainError message (no stack). */
export function reason(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0]!.trim() || err.name;
  return String(err);
}

/**
 * A token as quoted in a message: printable ASCII only and at most 16 characters, so that an error
 * never spells out a file that was not an elevation model.
 */
export function excerpt(token: string): string {
  const printable = token.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 16 ? `${printable.slice(0, 16)}…` : printable;
}
