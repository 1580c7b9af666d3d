import { availableParallelism } from 'node:os';
import type { SaveResult } from '../../sim/hostApi/api.js';
import { checkCallArgs } from '../../sim/hostApi/callArgs.js';
import type { AppCommand, DocumentState } from '../../sim/hostApi/desktop.js';
import type { CallMessage, HostCalls, HostMethod, ServerMessage } from '../../sim/hostApi/webProtocol.js';
import { decodeMessage, encodeMessage } from '../../sim/shared/wire.js';
import type { HostService, ServiceRun } from './hostService.js';

/** The page runs at most two scenarios at once (A and B); each run already uses every core. */
export const MAX_RUNS_PER_PAGE = 2;
/**
 * Nor does the host as a whole, however many pages or connections are open: runs beyond the cores'
 * worth only share them, and each holds its trees and frames in memory.
 */
export const MAX_RUNS_PER_HOST = 2;

/** What only the desktop shell can do for its page: native save dialogs, the window's title and unsaved state. */
export interface DesktopHost {
  saveFile(fileName: string, mimeType: string, data: string | Uint8Array, options: { saveAs: boolean }): Promise<SaveResult>;
  documentState(state: DocumentState): void;
}

export interface HostSessionOptions {
  service: HostService;
  kind: 'web' | 'electron';
  version: string;
  /** Sends one wire frame (sim/shared/wire.ts) to the page. */
  send(frame: ArrayBuffer): void;
  /** Runs under way from every session of this host; shared so the host as a whole keeps its limit. */
  hostRuns: Set<string>;
  /** Present in the desktop shell only. */
  desktop?: DesktopHost;
}

/** A frame that is not a host API call: the carrier should drop the connection. */
export class MalformedMessageError extends Error {}

/**
 * One page's session with the host, whatever carries its frames (the web host's WebSocket or the
 * desktop shell's MessagePort): calls answered by id, runs streamed under their id, the run limits,
 * and every run of the page cancelled when it goes (`dispose`).
 */
export class HostSession {
  private readonly runs = new Map<string, ServiceRun>();
  private readonly handlers: { [M in HostMethod]: (...args: HostCalls[M]['args']) => Promise<HostCalls[M]['value']> | HostCalls[M]['value'] };
  private disposed = false;

  constructor(private readonly options: HostSessionOptions) {
    const { service } = options;
    const desktop = (): DesktopHost => {
      if (!options.desktop) throw new Error('only the desktop app has native files');
      return options.desktop;
    };
    this.handlers = {
      info: () => ({ kind: options.kind, version: options.version, threads: availableParallelism() }),
      listExamples: () => service.listExamples(),
      readExample: (id) => service.readExample(id),
      library: () => service.library(),
      openSite: (source, text) => service.openSite(source, text),
      checkPlan: (siteId, text) => service.checkPlan(siteId, text),
      run: (request) => this.startRun(request),
      cancel: (runId) => {
        this.runs.get(runId)?.cancel();
        return null;
      },
      exportResults: (runId, kind, label) => service.exportResults(runId, kind, label),
      createUpload: () => service.createUpload(),
      importGis: (siteId, fileName, data) => service.importGis(siteId, fileName, data),
      checkSurvey: (siteId, planText, survey) => service.checkSurvey(siteId, planText, survey),
      exportPlan: (siteId, text, format) => service.exportPlan(siteId, text, format),
      uploadPart: (folderId, path, offset, data) => service.uploadPart(folderId, path, offset, data),
      saveFile: (fileName, mimeType, data, opts) => desktop().saveFile(fileName, mimeType, data, { saveAs: opts?.saveAs === true }),
      documentState: (state) => {
        desktop().documentState(state);
        return null;
      },
    };
  }

  /**
   * Handles one frame from the page. A frame that is not a host API call throws
   * MalformedMessageError before anything is done with it; a call whose arguments do not fit its
   * schema (callArgs.ts) is answered with the reason; answers go out through `send`.
   */
  receive(frame: ArrayBuffer): void {
    let call: CallMessage;
    try {
      call = decodeMessage(frame) as CallMessage;
    } catch (err) {
      throw new MalformedMessageError((err as Error).message);
    }
    if (call?.kind !== 'call' || typeof call.id !== 'number' || !Object.hasOwn(this.handlers, call.method) || !Array.isArray(call.args)) {
      throw new MalformedMessageError('not a host API call');
    }
    const handler = this.handlers[call.method] as (...args: unknown[]) => unknown;
    Promise.resolve()
      .then(() => handler(...checkCallArgs(call.method, call.args)))
      .then(
        (value) => this.send({ kind: 'reply', id: call.id, ok: true, value }),
        (err: Error) => this.send({ kind: 'reply', id: call.id, ok: false, error: err.message }),
      );
  }

  /** A menu item or a file handed over by the system, for the page to carry out. */
  command(command: AppCommand): void {
    this.send({ kind: 'command', command });
  }

  /** The page has gone: its runs are cancelled and nothing more is sent. */
  dispose(): void {
    this.disposed = true;
    for (const run of this.runs.values()) run.cancel();
  }

  private startRun(request: HostCalls['run']['args'][0]): { runId: string } {
    const { hostRuns, service } = this.options;
    if (this.runs.size >= MAX_RUNS_PER_PAGE) throw new Error(`At most ${MAX_RUNS_PER_PAGE} runs at a time; cancel one first.`);
    if (hostRuns.size >= MAX_RUNS_PER_HOST) {
      throw new Error(`The host is already running ${hostRuns.size} scenarios (from other pages); wait for one to finish or cancel it.`);
    }
    const run = service.run(request, (event) => this.send({ kind: 'event', runId: run.runId, event }));
    this.runs.set(run.runId, run);
    hostRuns.add(run.runId);
    void run.done.then((outcome) => {
      this.runs.delete(run.runId);
      hostRuns.delete(run.runId);
      this.send({ kind: 'end', runId: run.runId, outcome });
    });
    // A page that went while its run was being started does not keep it.
    if (this.disposed) run.cancel();
    return { runId: run.runId };
  }

  private send(message: ServerMessage): void {
    if (this.disposed) return;
    this.options.send(encodeMessage(message));
  }
}
