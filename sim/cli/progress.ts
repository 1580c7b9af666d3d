import { InputError } from './args.js';

export type ProgressMode = 'auto' | 'json' | 'none';

export function parseProgressMode(raw: string | undefined): ProgressMode {
  const mode = raw ?? 'auto';
  if (mode !== 'auto' && mode !== 'json' && mode !== 'none') throw new InputError(`--progress must be auto, json or none, not "${raw}"`);
  return mode;
}

export interface Progress {
  /** `done` of `total` units (years simulated), with a label of what is counted at a coarser grain. */
  update(done: number, total: number, detail: string): void;
  finish(): void;
}

/**
 * Progress on stderr: a bar with ETA when stderr is a terminal (mode auto), one JSON object per line
 * (mode json), or nothing (mode none, or auto when stderr is not a terminal).
 */
export function makeProgress(mode: ProgressMode, write: (t: string) => void, isTty: boolean, now = () => Date.now()): Progress {
  const started = now();
  if (mode === 'none' || (mode === 'auto' && !isTty)) return { update: () => {}, finish: () => {} };
  if (mode === 'json') {
    let lastDone = -1;
    return {
      update(done, total, detail) {
        if (done === lastDone) return;
        lastDone = done;
        const elapsed = (now() - started) / 1000;
        const eta = done > 0 ? (elapsed * (total - done)) / done : null;
        write(
          JSON.stringify({
            type: 'progress',
            done: Number(done.toFixed(3)),
            total,
            fraction: total > 0 ? Number((done / total).toFixed(4)) : 1,
            detail,
            elapsed_s: Number(elapsed.toFixed(2)),
            eta_s: eta === null ? null : Number(eta.toFixed(1)),
          }) + '\n',
        );
      },
      finish() {},
    };
  }
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total, detail) {
      const t = now();
      if (t - lastDraw < 100 && done < total) return;
      lastDraw = t;
      const fraction = total > 0 ? done / total : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const elapsed = (t - started) / 1000;
      const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${detail}  ETA ${clock(eta)}`;
      write(`\r${bar}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) write('\n');
    },
  };
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
