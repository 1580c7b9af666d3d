import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../sim/output/atomic.js';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 };
const MIN_SIZE = { width: 640, height: 480 };

/** The window's last size and position, or null when none was kept or the file is not one. */
export function readWindowState(file: string): WindowState | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    const b = v.bounds;
    if (!b || ![b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n))) return null;
    return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: v.maximized === true };
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(state) + '\n');
}

/**
 * Where the window opens: its remembered bounds if they still lie mostly on one of the displays'
 * work areas (a monitor may have gone since), clamped to it; otherwise the default size, centred by
 * the system (no position).
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Bounds[]): Partial<Bounds> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const b = saved.bounds;
  const area = workAreas.find((a) => overlap(a, b) >= 0.5 * b.width * b.height);
  if (!area) return { width: clamp(b.width, MIN_SIZE.width, DEFAULT_SIZE.width), height: clamp(b.height, MIN_SIZE.height, DEFAULT_SIZE.height) };
  const width = clamp(b.width, MIN_SIZE.width, area.width);
  const height = clamp(b.height, MIN_SIZE.height, area.height);
  return { x: clamp(b.x, area.x, area.x + area.width - width), y: clamp(b.y, area.y, area.y + area.height - height), width, height };
}

function overlap(a: Bounds, b: Bounds): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}
