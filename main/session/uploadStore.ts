import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

export interface UploadStoreOptions {
  /** Folders kept at once; opening more drops the oldest (its sites stay open: their terrain is loaded). */
  maxFolders?: number;
  /** Most bytes one folder may hold (a scenario and the rasters it names). */
  maxFolderBytes?: number;
  /** Most bytes every folder holds together; a write past it drops the oldest other folders first. */
  maxTotalBytes?: number;
}

/** A file path the page may give: relative, '/'-separated, no empty, '.' or '..' segments. */
const SEGMENT = /^[^/\\:*?"<>|\0]+$/;

/**
 * Files a page sent (a scenario together with the elevation model it names, or a DEM for a new
 * site), each set kept as one folder under a private temporary directory so the scenario's relative
 * paths resolve as they do next to the real files. Nothing outside the folder is written.
 */
export class UploadStore {
  private root: string | null = null;
  private readonly folders = new Map<string, { dir: string; bytes: number; sizes: Map<string, number> }>();
  private readonly maxFolders: number;
  private readonly maxFolderBytes: number;
  readonly maxTotalBytes: number;

  constructor(options: UploadStoreOptions = {}) {
    this.maxFolders = options.maxFolders ?? 8;
    this.maxFolderBytes = options.maxFolderBytes ?? 2 ** 30;
    this.maxTotalBytes = options.maxTotalBytes ?? 2 ** 30;
  }

  /** Bytes every folder holds together. */
  get totalBytes(): number {
    let n = 0;
    for (const folder of this.folders.values()) n += folder.bytes;
    return n;
  }

  /** The directory every folder lives in, once one exists: the host's read policy admits it. */
  get rootDir(): string | null {
    return this.root;
  }

  /** A new empty folder, by id. */
  async create(): Promise<string> {
    if (!this.root) this.root = realpathSync.native(await mkdtemp(join(tmpdir(), 'reforest-uploads-')));
    const id = randomUUID();
    const dir = join(this.root, id);
    await mkdir(dir);
    this.folders.set(id, { dir, bytes: 0, sizes: new Map() });
    while (this.folders.size > this.maxFolders) {
      const [oldest, folder] = this.folders.entries().next().value!;
      this.folders.delete(oldest);
      await rm(folder.dir, { recursive: true, force: true });
    }
    return id;
  }

  /**
   * Appends `data` to `path` in the folder. Parts come in order: `offset` must be the bytes already
   * written to that file, so a lost or repeated part is refused rather than silently corrupting it.
   */
  async write(id: string, path: string, offset: number, data: Uint8Array): Promise<{ size: number }> {
    const folder = this.folders.get(id);
    if (!folder) throw new Error(`no upload folder "${id}"; pick the files again`);
    const file = this.fileIn(folder.dir, path);
    const size = folder.sizes.get(path) ?? 0;
    if (offset !== size) throw new Error(`${path}: part at byte ${offset} does not follow the ${size} bytes already received`);
    if (folder.bytes + data.byteLength > this.maxFolderBytes) {
      throw new Error(`${path}: the files sent together pass ${Math.round(this.maxFolderBytes / 2 ** 20)} MiB, more than any scenario and its rasters need`);
    }
    // Every folder together stays within its cap: the oldest others go first, as when too many are open.
    for (const [other, o] of this.folders) {
      if (this.totalBytes + data.byteLength <= this.maxTotalBytes) break;
      if (other === id) continue;
      this.folders.delete(other);
      await rm(o.dir, { recursive: true, force: true });
    }
    if (this.totalBytes + data.byteLength > this.maxTotalBytes) {
      throw new Error(`${path}: the files sent pass ${Math.round(this.maxTotalBytes / 2 ** 20)} MiB, all the host keeps of uploads`);
    }
    await mkdir(dirname(file), { recursive: true });
    const fh = await open(file, size === 0 ? 'w' : 'a');
    try {
      await fh.write(data);
    } finally {
      await fh.close();
    }
    folder.sizes.set(path, size + data.byteLength);
    folder.bytes += data.byteLength;
    return { size: size + data.byteLength };
  }

  /** The folder's directory on this machine. */
  dirOf(id: string): string {
    const folder = this.folders.get(id);
    if (!folder) throw new Error(`no upload folder "${id}"; pick the files again`);
    return folder.dir;
  }

  /** Whether the folder has a file at `path` (a scenario names one the page did not send). */
  async has(id: string, path: string): Promise<boolean> {
    try {
      return (await stat(this.fileIn(this.dirOf(id), path))).isFile();
    } catch {
      return false;
    }
  }

  /** Removes every folder. */
  async dispose(): Promise<void> {
    this.folders.clear();
    if (this.root) await rm(this.root, { recursive: true, force: true });
    this.root = null;
  }

  private fileIn(dir: string, path: string): string {
    const segments = path.split('/');
    if (!path || segments.some((s) => s === '.' || s === '..' || !SEGMENT.test(s))) {
      throw new Error(`"${path}" is not a file path inside the picked files (relative, "/"-separated, no ".." or empty parts)`);
    }
    const file = resolve(dir, ...segments);
    if (!file.startsWith(dir + sep)) throw new Error(`"${path}" leads outside the picked files`);
    return file;
  }
}
