import { stat } from 'node:fs/promises';
import { reason, TerrainError } from './errors.js';

/**
 * The size in bytes of a raster file, after making sure it is a regular file: a pipe or a device would
 * block the reader or never end, so it is refused before anything opens it. Failures are TerrainErrors
 * naming the file.
 */
export async function regularFileSize(file: string, what = 'the elevation model'): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : reason(err);
    throw new TerrainError(`cannot read ${what}: ${why}`, file);
  }
  if (info.isDirectory()) throw new TerrainError(`cannot read ${what}: is a folder, not a file`, file);
  if (!info.isFile()) throw new TerrainError(`cannot read ${what}: not a regular file (a pipe, device or socket); give the path of a raster file`, file);
  return info.size;
}

/** Whether `file` is a regular file (false for anything missing, a folder, a pipe or a device). */
export async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
