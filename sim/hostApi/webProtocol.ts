/**
 * Messages between the page and its host, each one binary frame encoded by sim/shared/wire.ts,
 * whatever carries them (the web host's WebSocket, the desktop shell's MessagePort). The page calls
 * methods by id and receives replies; a run's events stream under its run id until its end; the
 * desktop shell sends commands (menu items, files handed over by the system).
 */
import type { ExportedFile, HostApi, HostRunEvent, RunOutcome } from './api.js';
import type { AppCommand } from './desktop.js';

/** A HostApi method as a call: its arguments, and what the reply carries (null where it returns nothing). */
type CallOf<F> = F extends (...args: infer A) => infer R ? { args: A; value: [Awaited<R>] extends [void] ? null : Awaited<R> } : never;

/**
 * Calls that differ from their HostApi method. `run` replies with the run id at once and streams the
 * rest (its events, then its end); `cancel` is the run handle's cancel; exports reply with the file,
 * which the page saves itself (a download on the web, `saveFile` in the desktop app).
 */
interface CallsOfTheirOwn {
  run: { args: [request: Parameters<HostApi['run']>[0]]; value: { runId: string } };
  cancel: { args: [runId: string]; value: null };
  exportResults: { args: Parameters<HostApi['exportResults']>; value: ExportedFile };
  exportPlan: { args: Parameters<HostApi['exportPlan']>; value: ExportedFile };
}

/** HostApi methods that are not calls: the host sends commands as messages of their own. */
type NotCalls = 'onCommand';

export type HostMethod = Exclude<keyof HostApi, NotCalls> | keyof CallsOfTheirOwn;

/** Calls the page makes: every HostApi method but `onCommand`, with its arguments and reply, and `cancel`. */
export type HostCalls = {
  [M in HostMethod]: M extends keyof CallsOfTheirOwn ? CallsOfTheirOwn[M] : M extends keyof HostApi ? CallOf<HostApi[M]> : never;
};

export interface CallMessage<M extends HostMethod = HostMethod> {
  kind: 'call';
  id: number;
  method: M;
  args: HostCalls[M]['args'];
}

export type ServerMessage =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'event'; runId: string; event: HostRunEvent }
  | { kind: 'end'; runId: string; outcome: RunOutcome }
  | { kind: 'command'; command: AppCommand };
