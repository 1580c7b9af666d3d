/**
 * Messages of the local web host's WebSocket, each one binary frame encoded by wire.ts. The page
 * calls methods by id and receives replies; a run's events stream under its run id until its end.
 */
import type { ExampleEntry, ExampleText, ExportKind, ExportedFile, GisImport, HostInfo, PlanExportFormat, HostRunEvent, LibraryView, PlanCheck, RunOutcome, RunRequest, ScenarioSource, SiteResult } from './api.js';

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
  exportResults: { args: [runId: string, kind: ExportKind]; value: ExportedFile };
  createUpload: { args: []; value: string };
  importGis: { args: [siteId: string, fileName: string, data: Uint8Array]; value: GisImport };
  exportPlan: { args: [siteId: string, text: string, format: PlanExportFormat]; value: ExportedFile };
  uploadPart: { args: [folderId: string, path: string, offset: number, data: Uint8Array]; value: { size: number } };
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
  | { kind: 'end'; runId: string; outcome: RunOutcome };
