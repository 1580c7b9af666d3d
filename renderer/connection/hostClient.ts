import type {
  ExportKind,
  ExportedFile,
  HostApi,
  HostRunEvent,
  RunHandle,
  RunOutcome,
  RunRequest,
  SaveResult,
} from '../../sim/hostApi/api.js';
import type { AppCommand, DocumentState } from '../../sim/hostApi/desktop.js';
import type { CallMessage, HostCalls, HostMethod, ServerMessage } from '../../sim/hostApi/webProtocol.js';
import { decodeMessage, encodeMessage } from '../../sim/shared/wire.js';
import { downloadFile } from './download.js';

/** What carries the page's frames to its host and back: the web host's WebSocket, the desktop shell's MessagePort. */
export interface HostTransport {
  send(frame: ArrayBuffer): void;
  /** Called once, before any frame is sent: frames from the host, and the end of the connection. */
  listen(onFrame: (frame: ArrayBuffer) => void, onClose: (reason: string) => void): void;
}

export interface HostClientOptions {
  /**
   * Where files the page saves go: `download` (a browser download, the web host) or `host` (the
   * desktop shell's native dialogs).
   */
  files: 'download' | 'host';
}

interface PendingRun {
  onEvent: (event: HostRunEvent) => void;
  settle: (outcome: RunOutcome) => void;
}

/**
 * The page's half of a host session (main/session/hostSession.ts) over any transport: calls by id,
 * replies matched to them, run events that arrive before the run's id is known, a cancel asked for
 * before it is, and every call and run failed with the reason when the connection ends.
 */
export class HostClient implements HostApi {
  private nextId = 1;
  private readonly replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly runs = new Map<string, PendingRun>();
  /** Events that arrive before `run` has replied with its id. */
  private readonly early = new Map<string, ServerMessage[]>();
  private readonly commandListeners: ((command: AppCommand) => void)[] = [];
  /** Commands that came before the page listened (a file named on the command line): kept for the first listener. */
  private readonly unheardCommands: AppCommand[] = [];
  private closedReason: string | null = null;

  constructor(
    private readonly transport: HostTransport,
    private readonly options: HostClientOptions,
  ) {
    transport.listen(
      (frame) => this.receive(decodeMessage(frame) as ServerMessage),
      (reason) => this.closed(reason),
    );
  }

  info = () => this.call('info');
  listExamples = () => this.call('listExamples');
  readExample = (id: string) => this.call('readExample', id);
  library = () => this.call('library');
  openSite: HostApi['openSite'] = (source, text) => this.call('openSite', source, text);
  checkPlan: HostApi['checkPlan'] = (siteId, text) => this.call('checkPlan', siteId, text);
  createUpload = () => this.call('createUpload');
  importGis: HostApi['importGis'] = (siteId, fileName, data) => this.call('importGis', siteId, fileName, data);
  checkSurvey: HostApi['checkSurvey'] = (siteId, planText, survey) => this.call('checkSurvey', siteId, planText, survey);
  uploadPart: HostApi['uploadPart'] = (folderId, path, offset, data) => this.call('uploadPart', folderId, path, offset, data);

  async exportPlan(...args: Parameters<HostApi['exportPlan']>): Promise<SaveResult> {
    const file: ExportedFile = await this.call('exportPlan', ...args);
    return this.saveFile(file.fileName, file.mimeType, file.content);
  }

  async exportResults(runId: string, kind: ExportKind, label?: string): Promise<SaveResult> {
    const file: ExportedFile = await this.call('exportResults', runId, kind, ...(label === undefined ? [] : [label]));
    return this.saveFile(file.fileName, file.mimeType, file.content);
  }

  saveFile(fileName: string, mimeType: string, data: string | Uint8Array, options?: { saveAs?: boolean }): Promise<SaveResult> {
    if (this.options.files === 'host') return this.call('saveFile', fileName, mimeType, data, options);
    return Promise.resolve(downloadFile(fileName, mimeType, data));
  }

  documentState(state: DocumentState): void {
    if (this.options.files === 'host') void this.call('documentState', state).catch(() => undefined);
  }

  onCommand(listener: (command: AppCommand) => void): void {
    this.commandListeners.push(listener);
    for (const command of this.unheardCommands.splice(0)) listener(command);
  }

  run(request: RunRequest, onEvent: (event: HostRunEvent) => void): RunHandle {
    let settle!: (outcome: RunOutcome) => void;
    const done = new Promise<RunOutcome>((resolve) => (settle = resolve));
    let runId = '';
    let cancelled = false;
    void this.call('run', request).then(
      (reply) => {
        runId = reply.runId;
        this.runs.set(runId, { onEvent, settle });
        for (const message of this.early.get(runId) ?? []) this.deliver(message);
        this.early.delete(runId);
        if (cancelled) void this.call('cancel', runId);
      },
      (err: Error) => settle({ status: 'failed', runId: '', message: err.message, problems: [] }),
    );
    const call = (runId: string) => void this.call('cancel', runId);
    return {
      get runId() {
        return runId;
      },
      cancel() {
        cancelled = true;
        // Before the host has replied with the id, the reply handler sends the cancel.
        if (runId) call(runId);
      },
      done,
    };
  }

  private call<M extends HostMethod>(method: M, ...args: HostCalls[M]['args']): Promise<HostCalls[M]['value']> {
    if (this.closedReason) return Promise.reject(new Error(`Lost the connection: ${this.closedReason}.`));
    const id = this.nextId++;
    const message: CallMessage<M> = { kind: 'call', id, method, args };
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.transport.send(encodeMessage(message));
    });
  }

  private receive(message: ServerMessage): void {
    if (message.kind === 'reply') {
      const waiter = this.replies.get(message.id);
      this.replies.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.error));
    } else if (message.kind === 'command') {
      if (this.commandListeners.length === 0) this.unheardCommands.push(message.command);
      for (const listener of this.commandListeners) listener(message.command);
    } else this.deliver(message);
  }

  private deliver(message: ServerMessage): void {
    if (message.kind !== 'event' && message.kind !== 'end') return;
    const run = this.runs.get(message.runId);
    if (!run) {
      this.early.set(message.runId, [...(this.early.get(message.runId) ?? []), message]);
      return;
    }
    if (message.kind === 'event') run.onEvent(message.event);
    else {
      this.runs.delete(message.runId);
      run.settle(message.outcome);
    }
  }

  private closed(reason: string): void {
    this.closedReason = reason;
    for (const waiter of this.replies.values()) waiter.reject(new Error(`Lost the connection: ${reason}.`));
    this.replies.clear();
    for (const [runId, run] of this.runs) run.settle({ status: 'failed', runId, message: `Lost the connection: ${reason}.`, problems: [] });
    this.runs.clear();
  }
}
