import type { WebSocket } from 'ws';

export interface SendLimits {
  /** Most bytes waiting to be sent to one page: past it, that page is dropped. */
  perPageBytes: number;
  /** Most bytes waiting to be sent to every page together: past it, the page holding the most is dropped. */
  totalBytes: number;
  /** A page holding bytes it has not read for this long, without its backlog ever shrinking, is dropped. */
  stallMs: number;
  /** How often pages are checked for stalling. */
  checkMs: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = {
  // A frame of the largest forest is tens of MiB; a page that reads keeps far less than this waiting.
  perPageBytes: 128 * 2 ** 20,
  totalBytes: 256 * 2 ** 20,
  stallMs: 30_000,
  checkMs: 1_000,
};

/** Below this backlog a page is never taken for stalled: a frame or two in flight. */
const STALL_FLOOR_BYTES = 4 * 2 ** 20;

/**
 * What the web host holds for pages that do not read what it sends them: within a budget per page and
 * for the host as a whole. A page that stops reading its socket (a stalled tab, a hostile client) is
 * dropped once it passes its share, holds the most when the host passes its budget, or lets its backlog
 * stand for `stallMs`; dropping it closes its session, which cancels its runs and frees their places.
 */
export class SendBudget {
  private readonly pages = new Map<WebSocket, { backlog: number; since: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly limits: SendLimits = DEFAULT_SEND_LIMITS) {
    this.timer = setInterval(() => this.check(), limits.checkMs);
    this.timer.unref();
  }

  add(ws: WebSocket): void {
    this.pages.set(ws, { backlog: 0, since: Date.now() });
    ws.once('close', () => this.pages.delete(ws));
  }

  /** Sends a frame to a page, unless that page (or, to keep the host within budget, another) is dropped first. */
  send(ws: WebSocket, frame: ArrayBuffer): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + frame.byteLength > this.limits.perPageBytes) {
      this.drop(ws);
      return;
    }
    let total = frame.byteLength;
    for (const page of this.pages.keys()) total += page.bufferedAmount;
    while (total > this.limits.totalBytes) {
      let worst = ws;
      for (const page of this.pages.keys()) if (page.bufferedAmount > worst.bufferedAmount) worst = page;
      total -= worst.bufferedAmount;
      this.drop(worst);
      if (worst === ws) return;
    }
    ws.send(frame);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const now = Date.now();
    for (const [ws, state] of this.pages) {
      const backlog = ws.bufferedAmount;
      if (backlog < STALL_FLOOR_BYTES || backlog < state.backlog) {
        state.since = now;
      } else if (now - state.since > this.limits.stallMs) {
        this.drop(ws);
        continue;
      }
      state.backlog = backlog;
    }
  }

  private drop(ws: WebSocket): void {
    this.pages.delete(ws);
    ws.terminate();
  }
}
