import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../sim/output/atomic.js';

/** Scenario files opened lately, newest first, kept in a small JSON file in the app's data folder. */
export class RecentFiles {
  private paths: string[];

  constructor(
    private readonly file: string,
    private readonly max = 10,
  ) {
    this.paths = readList(file).slice(0, max);
  }

  list(): readonly string[] {
    return this.paths;
  }

  add(path: string): Promise<void> {
    this.paths = [path, ...this.paths.filter((p) => p !== path)].slice(0, this.max);
    return this.save();
  }

  remove(path: string): Promise<void> {
    this.paths = this.paths.filter((p) => p !== path);
    return this.save();
  }

  clear(): Promise<void> {
    this.paths = [];
    return this.save();
  }

  private save(): Promise<void> {
    return writeFileAtomic(this.file, JSON.stringify(this.paths, null, 2) + '\n');
  }
}

/** The stored list, or none when the file is missing or not a list of paths (it is only a convenience). */
function readList(file: string): string[] {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  } catch {
    return [];
  }
}
