import type {
  ExportKind,
  ExportedFile,
  HostApi,
  HostRunEvent,
  RunHandle,
  RunOutcome,
  RunRequest,
  SaveResult,
} from '../../sim/host/api.js';
import type { CallMessage, HostCalls, HostMethod, ServerMessage } from '../../sim/host/webProtocol.js';
import { decodeMessage, encodeMessage } from '../../sim/host/wire.js';
import { downloadFile } from './download.js';

interface PendingRun {
  onEvent: (event: HostRunEvent) => void;
  settle: (outcome: RunOutcome) => void;
}

/**
 * The host API over the local web host's WebSocket. The socket lives under the page's own
 * token-bearing URL, so it carries the token without the page ever reading it.
 */
export async function connectWebHost(pageUrl: string = location.href): Promise<HostApi> {
  const url = new URL('api', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`Cannot reach the Reforest host at ${url.origin}.`));
  });

  let nextId = 1;
  const replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const runs = new Map<string, PendingRun>();
  /** Events that arrive before `run` has replied with its id. */
  const early = new Map<string, ServerMessage[]>();
  let closedReason: string | null = null;

  const deliver = (message: ServerMessage) => {
    if (message.kind === 'reply') return;
    const run = runs.get(message.runId);
    if (!run) {
      early.set(message.runId, [...(early.get(message.runId) ?? []), message]);
      return;
    }
    if (message.kind === 'event') run.onEvent(message.event);
    else {
      runs.delete(message.runId);
      run.settle(message.outcome);
    }
  };

  ws.onmessage = (e) => {
    const message = decodeMessage(e.data as ArrayBuffer) as ServerMessage;
    if (message.kind === 'reply') {
      const waiter = replies.get(message.id);
      replies.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.error));
    } else deliver(message);
  };
  ws.onclose = (e) => {
    closedReason = e.reason || 'the Reforest host stopped';
    for (const waiter of replies.values()) waiter.reject(new Error(`Lost the connection: ${closedReason}.`));
    replies.clear();
    for (const [runId, run] of runs) run.settle({ status: 'failed', runId, message: `Lost the connection: ${closedReason}.`, problems: [] });
    runs.clear();
  };

  function call<M extends HostMethod>(method: M, ...args: HostCalls[M]['args']): Promise<HostCalls[M]['value']> {
    if (closedReason) return Promise.reject(new Error(`Lost the connection: ${closedReason}.`));
    const id = nextId++;
    const message: CallMessage<M> = { kind: 'call', id, method, args };
    return new Promise((resolve, reject) => {
      replies.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(encodeMessage(message));
    });
  }

  const save = (fileName: string, mimeType: string, data: string | Uint8Array): Promise<SaveResult> =>
    Promise.resolve(downloadFile(fileName, mimeType, data));

  return {
    info: () => call('info'),
    listExamples: () => call('listExamples'),
    readExample: (id) => call('readExample', id),
    library: () => call('library'),
    openSite: (source, text) => call('openSite', source, text),
    checkPlan: (siteId, text) => call('checkPlan', siteId, text),
    createUpload: () => call('createUpload'),
    importGis: (siteId, fileName, data) => call('importGis', siteId, fileName, data),
    async exportPlan(siteId, text, format) {
      const file: ExportedFile = await call('exportPlan', siteId, text, format);
      return save(file.fileName, file.mimeType, file.content);
    },
    uploadPart: (folderId, path, offset, data) => call('uploadPart', folderId, path, offset, data),
    saveFile: save,
    run(request: RunRequest, onEvent: (event: HostRunEvent) => void): RunHandle {
      let settle!: (outcome: RunOutcome) => void;
      const done = new Promise<RunOutcome>((resolve) => (settle = resolve));
      let runId = '';
      let cancelled = false;
      void call('run', request).then(
        (reply) => {
          runId = reply.runId;
          runs.set(runId, { onEvent, settle });
          for (const message of early.get(runId) ?? []) deliver(message);
          early.delete(runId);
          if (cancelled) void call('cancel', runId);
        },
        (err: Error) => settle({ status: 'failed', runId: '', message: err.message, problems: [] }),
      );
      return {
        get runId() {
          return runId;
        },
        cancel() {
          cancelled = true;
          // Before the host has replied with the id, the reply handler sends the cancel.
          if (runId) void call('cancel', runId);
        },
        done,
      };
    },
    async exportResults(runId: string, kind: ExportKind): Promise<SaveResult> {
      const file: ExportedFile = await call('exportResults', runId, kind);
      return save(file.fileName, file.mimeType, file.content);
    },
  };
}
