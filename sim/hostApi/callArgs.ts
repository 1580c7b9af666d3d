/**
 * The arguments of every call the page makes, as the host checks them before acting on any: one
 * schema per argument, by name, for every call of webProtocol.ts (a call missing here, or one here
 * that is no call, does not compile). A call whose arguments do not fit is refused with the call and
 * the argument named.
 */
import { z } from 'zod';
import type { ExportKind, ForecastRequest, OptimiseRequest, PlanExportFormat, ScenarioSource, StudyRequest, SurveyUpload, SweepRequest } from './api.js';
import type { HostCalls, HostMethod } from './webProtocol.js';

/** One argument: its name, as messages give it, and its schema. */
type Arg = readonly [name: string, schema: z.ZodType];

/** What a call's arguments are checked against: their names, in order, and the schema of them all. */
export interface CallArgs<A extends readonly unknown[]> {
  readonly names: readonly string[];
  readonly schema: z.ZodType<A>;
}

type ArgsOf<T extends readonly Arg[]> = { -readonly [K in keyof T]: T[K] extends Arg ? z.output<T[K][1]> : never };

/** A call's arguments, each `[name, schema]` in order. */
function call<const T extends readonly Arg[]>(...args: T): CallArgs<ArgsOf<T>> {
  return {
    names: args.map(([name]) => name),
    schema: z.tuple(args.map(([, schema]) => schema) as [z.ZodType, ...z.ZodType[]]) as unknown as z.ZodType<ArgsOf<T>>,
  };
}

/** An argument that may be left out; JSON sends one left out mid-list as null, which counts as left out. */
function omissible<S extends z.ZodType>(schema: S) {
  return schema.nullish().transform((value): z.output<S> | undefined => value ?? undefined);
}

const text = z.string();
const bytes = z.instanceof(Uint8Array, { error: 'expected bytes (a Uint8Array)' });

/** A seed or replicate count: any number, so the scenario's own rules judge it as they would in the file. */
const scenarioNumber = z.custom<number>((value) => typeof value === 'number', { error: 'expected a number' });

const scenarioSource = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('example'), id: text }),
    z.object({ kind: z.literal('file'), path: text }),
    z.object({ kind: z.literal('text'), fileName: text }),
    z.object({ kind: z.literal('upload'), folderId: text, path: text }),
  ],
  { error: 'expected a scenario source: "example", "file", "text" or "upload"' },
) satisfies z.ZodType<ScenarioSource>;

const plainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A sweep's shape: an object with a list of variables, each an object. Its fields are checked by the
 * host as a sweep file's are, with the CLI's messages naming the variable and value at fault.
 */
const sweep = z.custom<SweepRequest>(
  (value) => plainObject(value) && Array.isArray((value as { variables?: unknown }).variables) && ((value as { variables: unknown[] }).variables).every(plainObject),
  { error: 'a sweep is an object with a list of variables, as a sweep file gives it' },
);

/** A survey the page picked: its file's text and the files it names, each a path and bytes. */
const surveyUpload = z.object(
  {
    name: z.string({ error: "a survey names its file" }),
    text: z.string({ error: "a survey's text is a string" }),
    files: z.array(z.object({ path: z.string({ error: 'a file has a path' }), data: bytes }), { error: 'a survey sends its files as a list of path and bytes' }).max(16),
  },
  { error: 'a survey is its file\'s name, text and the files it names' },
) satisfies z.ZodType<SurveyUpload>;

/** A forecast: the survey, and particles, accept and actions as `reforest forecast --particles --accept --actions` take them. */
const forecast = z.object({
  survey: surveyUpload,
  particles: z
    .int({ error: 'particles are a whole number from 20 to 100,000' })
    .min(20, { error: 'particles are a whole number from 20 to 100,000' })
    .max(100_000, { error: 'particles are a whole number from 20 to 100,000' })
    .optional(),
  accept: z
    .number({ error: 'accept is a share above 0 and at most 1' })
    .gt(0, { error: 'accept is a share above 0 and at most 1' })
    .max(1, { error: 'accept is a share above 0 and at most 1' })
    .optional(),
  // The list's own parts are checked as `reforest forecast --actions` checks them, with its messages.
  actions: z.string({ error: 'actions are one comma-separated string' }).max(2000, { error: 'actions are at most 2,000 characters' }).optional(),
}) satisfies z.ZodType<ForecastRequest>;

const study = z
  .object({
    kind: z.enum(['strategies', 'report', 'optimise', 'sweep', 'forecast'], { error: 'a study is "strategies", "report", "optimise", "sweep" or "forecast"' }),
    strategies: z.string({ error: 'strategies are one comma-separated string' }).optional(),
    // The search's own fields are checked as an optimisation file's are, with their problems named.
    optimise: z.custom<OptimiseRequest>(plainObject, { error: 'a search is an object, as an optimisation file gives it' }).optional(),
    sweep: sweep.optional(),
    forecast: forecast.optional(),
  })
  .refine((s) => s.kind !== 'sweep' || s.sweep !== undefined, { error: 'a sweep study needs its sweep', path: ['sweep'] })
  .refine((s) => s.kind !== 'forecast' || s.forecast !== undefined, { error: 'a forecast study needs its survey', path: ['forecast'] }) satisfies z.ZodType<StudyRequest>;

const runRequest = z.object({
  siteId: text,
  text,
  seed: scenarioNumber.optional(),
  replicates: scenarioNumber.optional(),
  study: study.optional(),
});

const exportKind = z.enum(['out', 'summary', 'trees', 'geojson', 'species', 'size-classes'], {
  error: 'an export is "out", "summary", "trees", "geojson", "species" or "size-classes"',
}) satisfies z.ZodType<ExportKind>;
const planFormat = z.enum(['geojson', 'gpkg'], { error: 'a plan exports as "geojson" or "gpkg"' }) satisfies z.ZodType<PlanExportFormat>;

const documentState = z.object({ title: text, dirty: z.boolean(), path: text.optional() });

/** Every call's arguments. */
export const hostCallArgs: { readonly [M in HostMethod]: CallArgs<HostCalls[M]['args']> } = {
  info: call(),
  listExamples: call(),
  readExample: call(['id', text]),
  library: call(),
  openSite: call(['source', scenarioSource], ['text', text]),
  checkPlan: call(['siteId', text], ['text', text]),
  saveFile: call(
    ['fileName', text],
    ['mimeType', text],
    ['data', z.union([text, bytes], { error: 'expected text or bytes' })],
    ['options', omissible(z.object({ saveAs: z.boolean().optional() }))],
  ),
  documentState: call(['state', documentState]),
  run: call(['request', runRequest]),
  cancel: call(['runId', text]),
  createUpload: call(),
  uploadPart: call(
    ['folderId', text],
    ['path', text],
    ['offset', z.int({ error: 'expected a byte offset (a whole number ≥ 0)' }).min(0, { error: 'expected a byte offset (a whole number ≥ 0)' })],
    ['data', bytes],
  ),
  importGis: call(['siteId', text], ['fileName', text], ['data', bytes]),
  checkSurvey: call(['siteId', text], ['planText', text], ['survey', surveyUpload]),
  exportPlan: call(['siteId', text], ['text', text], ['format', planFormat]),
  exportResults: call(['runId', text], ['kind', exportKind], ['label', omissible(text)]),
};

/**
 * The arguments of a call, checked: as the host may act on them, or an Error naming the call and
 * each argument that does not fit, e.g. `uploadPart: offset: expected a byte offset (a whole number ≥ 0)`.
 */
export function checkCallArgs<M extends HostMethod>(method: M, args: readonly unknown[]): HostCalls[M]['args'] {
  const { names, schema } = hostCallArgs[method] as CallArgs<HostCalls[M]['args']>;
  const checked = schema.safeParse(args);
  if (checked.success) return checked.data;
  const problems = checked.error.issues.map((issue) => {
    const [index, ...within] = issue.path;
    if (typeof index !== 'number') return `takes ${names.length === 0 ? 'no arguments' : `(${names.join(', ')})`}, not ${args.length} argument${args.length === 1 ? '' : 's'}`;
    const at = [names[index] ?? `argument ${index + 1}`, ...within.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('');
    return `${at}: ${issue.message}`;
  });
  throw new Error(`${method}: ${[...new Set(problems)].join('; ')}`);
}
