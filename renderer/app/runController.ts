import type { HostApi, HostRunEvent, RunHandle, RunOutcome, SiteView } from '../../sim/hostApi/api.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import { ForestFrames } from '../scene/forestFrames.js';
import type { OpenPlan } from './editorController.js';

export type RunSlot = 'a' | 'b';

/** One run of a plan as the page holds it: its site, streamed frames and (once done) results. */
export interface RunView {
  key: RunSlot;
  label: string;
  color: string;
  site: SiteView;
  /** The plan it ran. */
  text: string;
  /** Seed and replicates the run was asked for. */
  settings: { seed: number; replicates: number };
  frames: ForestFrames;
  result: RunResult | null;
  runId: string;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
}

export interface RunRequestOptions {
  seed: number;
  replicates: number;
  /** When A is run after an edit, its last finished run becomes B ("before edit"). */
  beforeEdit?: boolean;
}

export interface RunControllerEvents {
  /** A run was started, replaced, restored or dropped: slots changed. */
  onSlots(): void;
  onEvent(view: RunView, event: HostRunEvent): void;
  onFinished(view: RunView, outcome: RunOutcome, seconds: number): void;
  /** A cancelled run of A gave way to the finished run it replaced. */
  onRestored(view: RunView): void;
}

const COLORS: Record<RunSlot, string> = { a: '#2f6b3b', b: '#b5651d' };

/**
 * The page's runs: two slots, A (the plan) and B (what it is compared with), each at most one run at
 * a time. Starting a run in a slot cancels the one there; a run of A after an edit moves A's last
 * finished run to B, unless B is a baseline the user kept (`pinBaseline`); a cancelled run of A gives
 * back the finished run it replaced, with its results.
 */
export class RunController {
  private readonly slots: Record<RunSlot, RunView | null> = { a: null, b: null };
  private readonly active = new Map<RunSlot, RunHandle>();
  /** Whether B is a baseline the user kept: runs after edits then leave it in place. */
  private pinned = false;

  constructor(
    private readonly host: HostApi,
    private readonly events: RunControllerEvents,
  ) {}

  get a(): RunView | null {
    return this.slots.a;
  }

  get b(): RunView | null {
    return this.slots.b;
  }

  get running(): number {
    return this.active.size;
  }

  /** Whether B is a baseline kept by the user. */
  get baselinePinned(): boolean {
    return this.pinned;
  }

  /**
   * Keeps A's finished run as B, the baseline, under a name: runs of the plan as edited after it take
   * A and leave the baseline in place, however many edits follow, until another B is run or the
   * baseline is let go. False when A has no finished run to keep.
   */
  pinBaseline(name: string): boolean {
    const a = this.slots.a;
    if (!a || a.status !== 'completed') return false;
    this.cancel('b');
    this.slots.b = { ...a, key: 'b', label: `B: baseline "${name}"`, color: COLORS.b };
    this.pinned = true;
    this.events.onSlots();
    return true;
  }

  /** Lets the baseline go: B stays until the next run after an edit replaces it with the run before. */
  unpinBaseline(): void {
    this.pinned = false;
    this.events.onSlots();
  }

  /** The runs held, A first. */
  views(): RunView[] {
    return (['a', 'b'] as const).map((k) => this.slots[k]).filter((r): r is RunView => r !== null);
  }

  start(key: RunSlot, label: string, plan: OpenPlan, opts: RunRequestOptions): RunView {
    this.cancel(key);
    const previous = key === 'a' && this.slots.a?.status === 'completed' ? this.slots.a : null;
    // A kept baseline stays B; a run of B itself replaces it.
    if (key === 'b') this.pinned = false;
    if (opts.beforeEdit && previous && previous.text !== plan.text && !this.pinned) {
      this.cancel('b');
      this.slots.b = { ...previous, key: 'b', label: 'B (before edit)', color: COLORS.b };
    }
    const view: RunView = {
      key,
      label,
      color: COLORS[key],
      site: plan.site,
      text: plan.text,
      settings: { seed: opts.seed, replicates: opts.replicates },
      frames: new ForestFrames(),
      result: null,
      runId: '',
      status: 'running',
    };
    this.slots[key] = view;
    this.events.onSlots();
    const began = performance.now();
    const handle = this.host.run({ siteId: plan.siteId, text: plan.text, seed: opts.seed, replicates: opts.replicates }, (event) => {
      // A run replaced by a newer one of the same slot no longer speaks for the page.
      if (this.slots[key] !== view) return;
      if (event.type === 'layout') view.frames.addLayout(event.layout);
      else if (event.type === 'frame') view.frames.addFrame(event.frame);
      else if (event.type === 'result') view.result = event.result;
      this.events.onEvent(view, event);
    });
    this.active.set(key, handle);
    void handle.done.then((outcome) => {
      if (this.active.get(key) === handle) this.active.delete(key);
      if (this.slots[key] !== view) {
        this.events.onSlots();
        return;
      }
      view.runId = outcome.runId;
      view.status = outcome.status;
      this.events.onFinished(view, outcome, (performance.now() - began) / 1000);
      if (outcome.status === 'cancelled' && previous) {
        this.slots[key] = previous;
        if (!this.pinned && this.slots.b?.runId === previous.runId) this.slots.b = null;
        this.events.onRestored(previous);
      }
      this.events.onSlots();
    });
    return view;
  }

  cancel(key: RunSlot): void {
    this.active.get(key)?.cancel();
    this.active.delete(key);
  }

  cancelAll(): void {
    for (const handle of this.active.values()) handle.cancel();
  }

  /** Drops both runs: a new site has nothing to compare with the old one's. */
  clear(): void {
    this.cancel('a');
    this.cancel('b');
    this.slots.a = null;
    this.slots.b = null;
    this.pinned = false;
    this.events.onSlots();
  }

  /** Drops B (a new plan A ends the comparison with the old one). */
  clearB(): void {
    this.cancel('b');
    this.slots.b = null;
    this.pinned = false;
    this.events.onSlots();
  }
}
