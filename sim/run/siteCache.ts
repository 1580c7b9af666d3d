/**
 * Least-recently-used keys of the sites a worker keeps. The worker holds one, with its sites; the pool
 * holds a mirror for each worker, touched in the same order, so it knows without asking which scenarios
 * a worker already has and sends a scenario only to a worker that lacks it.
 */
export class SiteKeys {
  private readonly keys: string[] = [];

  constructor(readonly capacity: number) {}

  has(key: string): boolean {
    return this.keys.includes(key);
  }

  /** Marks `key` as just used; returns the key it pushed out, if the cache was full. */
  touch(key: string): string | null {
    const at = this.keys.indexOf(key);
    if (at >= 0) {
      this.keys.splice(at, 1);
      this.keys.push(key);
      return null;
    }
    this.keys.push(key);
    return this.keys.length > this.capacity ? this.keys.shift()! : null;
  }
}

/** Sites a worker keeps by default: a plan and the few variants of it a comparison or a search has in flight. */
export const DEFAULT_SITE_CACHE = 4;
