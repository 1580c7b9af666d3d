/**
 * Messages between the page and its host, each one binary frame encoded by sim/shared/wire.ts,
 * whatever carries them (the web host's WebSocket, the desktop shell's MessagePort). The page calls
 * methods by id and receives replies; a run's events stream under its run id until its end; the
 * desktop shell sends commands (menu items, files handed over by the system).
 */
import type { AppCommand, DocumentState, ExampleEntry, ExampleText, ExportKind, ExportedFile, GisImport, HostInfo, PlanExportFormat, HostRunEvent, LibraryView, PlanCheck, RunOutcome, RunRequest, SaveResult, ScenarioSource, SiteResult } from './api.js';

/** Calls the page makes; `run` replies with the run id at once and streams the rest. */
export interface HostCalls {
  info: { args: []; value: HostInfo };
  listExamples: { args: []; value: ExampleEntry[] };
  readExample: { args: [id: string]; value: ExampleText };
  library: { args: []; value: LibraryView };
  openSite: { args: [source: ScenarioSource, text: string]; value: SiteResult };
  checkPlan: { args: [siteId: string, text: string]; value: PlanCheck };
  run: { args: [request: RunRequest]; value: { runId: string } };
  cancel: { args: [runId: string]; value: null };
  exportResults: { args: [runId: string, kind: ExportKind, label?: string]; value: ExportedFile };
  createUpload: { args: []; value: string };
  importGis: { args: [siteId: string, fileName: string, data: Uint8Array]; value: GisImport };
  exportPlan: { args: [siteId: string, text: string, format: PlanExportFormat]; value: ExportedFile };
  uploadPart: { args: [folderId: string, path: string, offset: number, data: Uint8Array]; value: { size: number } };
  /** Desktop only: a native save dialog (or the opened file itself for a scenario's Save). */
  saveFile: { args: [fileName: string, mimeType: string, data: string | Uint8Array, options?: { saveAs?: boolean }]; value: SaveResult };
  /** Desktop only: the window's title and whether closing it would lose edits. */
  documentState: { args: [state: DocumentState]; value: null };
}

export type HostMethod = keyof HostCalls;

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
