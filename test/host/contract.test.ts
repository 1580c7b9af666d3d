// The host API's one contract: every call the page can make has its arguments' schema, and the host
// refuses a call whose arguments do not fit, naming the call and the argument, before acting on it.
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import { HostSession } from '../../main/session/hostSession.js';
import type { HostApi } from '../../sim/hostApi/api.js';
import { checkCallArgs, hostCallArgs } from '../../sim/hostApi/callArgs.js';
import type { HostCalls, HostMethod, ServerMessage } from '../../sim/hostApi/webProtocol.js';
import { decodeMessage, encodeMessage } from '../../sim/shared/wire.js';

const service = new HostService({ threads: 1 });
afterAll(() => service.dispose());

/** A session of the web host's kind, its replies by call id. */
function session() {
  const replies = new Map<number, ServerMessage>();
  const send = (frame: ArrayBuffer) => {
    const message = decodeMessage(frame) as ServerMessage;
    if (message.kind === 'reply') replies.set(message.id, message);
  };
  const host = new HostSession({ service, kind: 'web', version: 'test', hostRuns: new Set(), send });
  let nextId = 1;
  return async (method: string, ...args: unknown[]): Promise<ServerMessage> => {
    const id = nextId++;
    host.receive(encodeMessage({ kind: 'call', id, method, args }));
    for (let i = 0; i < 200 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 5));
    return replies.get(id)!;
  };
}

const refusal = (message: ServerMessage) => (message.kind === 'reply' && !message.ok ? message.error : `not refused: ${JSON.stringify(message)}`);

describe('the host API contract', () => {
  it('has a schema for every call: each HostApi method but onCommand, and cancel', () => {
    expectTypeOf<keyof typeof hostCallArgs>().toEqualTypeOf<HostMethod>();
    expectTypeOf<HostMethod>().toEqualTypeOf<Exclude<keyof HostApi, 'onCommand'> | 'cancel'>();
    expectTypeOf<HostCalls['checkPlan']['args']>().toEqualTypeOf<Parameters<HostApi['checkPlan']>>();
    expectTypeOf<HostCalls['documentState']['value']>().toEqualTypeOf<null>();
    expect(Object.keys(hostCallArgs).sort()).toEqual(
      ['cancel', 'checkPlan', 'checkSurvey', 'createUpload', 'documentState', 'exportPlan', 'exportResults', 'importGis', 'info', 'library', 'listExamples', 'openSite', 'readExample', 'run', 'saveFile', 'uploadPart'],
    );
  });

  it('takes arguments as the page sends them, left-out ones included', () => {
    expect(checkCallArgs('exportResults', ['run-1', 'out'])).toEqual(['run-1', 'out', undefined]);
    expect(checkCallArgs('exportResults', ['run-1', 'out', 'B'])).toEqual(['run-1', 'out', 'B']);
    // JSON sends an argument left out before the last as null.
    expect(checkCallArgs('saveFile', ['a.json', 'application/json', '{}', null])[3]).toBeUndefined();
    expect(checkCallArgs('run', [{ siteId: 's', text: '{}', seed: Number.NaN, study: { kind: 'optimise', optimise: {} } }])[0].study?.kind).toBe('optimise');
    const sweep = { variables: [{ name: 'deer', path: 'herbivores[0].densityPerKm2', values: [0, 8] }], replicates: 2 };
    expect(checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'sweep', sweep } }])[0].study?.sweep).toEqual(sweep);
    expect(checkCallArgs('openSite', [{ kind: 'upload', folderId: 'f', path: 'a/b.json' }, '{}'])[0]).toEqual({ kind: 'upload', folderId: 'f', path: 'a/b.json' });
    // What the host acts on is what the schema names, nothing more.
    expect(checkCallArgs('documentState', [{ title: 't', dirty: true, extra: 1 }])).toEqual([{ title: 't', dirty: true }]);
  });

  it('refuses a wrong argument, naming the call and the argument', () => {
    expect(() => checkCallArgs('uploadPart', ['f', 'a.asc', -1, new Uint8Array(1)])).toThrow(/^uploadPart: offset: expected a byte offset/);
    expect(() => checkCallArgs('uploadPart', ['f', 'a.asc', 0.5, new Uint8Array(1)])).toThrow(/^uploadPart: offset: /);
    expect(() => checkCallArgs('importGis', ['site', 'zones.geojson', 'not bytes'])).toThrow(/^importGis: data: expected bytes/);
    expect(() => checkCallArgs('saveFile', ['a.json', 'application/json', 42])).toThrow(/^saveFile: data: expected text or bytes/);
    expect(() => checkCallArgs('openSite', [{ kind: 'disk', path: '/etc' }, '{}'])).toThrow(/^openSite: source\.kind: /);
    expect(() => checkCallArgs('checkPlan', ['site', 7])).toThrow(/^checkPlan: text: /);
    expect(() => checkCallArgs('exportPlan', ['site', '{}', 'shp'])).toThrow(/^exportPlan: format: a plan exports as "geojson" or "gpkg"/);
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'everything' } }])).toThrow(
      /^run: request\.study\.kind: a study is "strategies", "report", "optimise", "sweep" or "forecast"/,
    );
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'sweep' } }])).toThrow(/^run: request\.study\.sweep: a sweep study needs its sweep/);
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'sweep', sweep: { variables: ['deer'] } } }])).toThrow(
      /^run: request\.study\.sweep: a sweep is an object with a list of variables/,
    );
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'strategies', strategies: ['none'] } }])).toThrow(
      /^run: request\.study\.strategies: strategies are one comma-separated string/,
    );
    expect(() => checkCallArgs('checkSurvey', ['site', '{}', { name: 'survey.json', text: '{}', files: [{ path: 'plots.csv', data: 'x' }] }])).toThrow(
      /^checkSurvey: survey\.files\[0\]\.data: expected bytes/,
    );
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'forecast' } }])).toThrow(/^run: request\.study\.forecast: a forecast study needs its survey/);
    const survey = { name: 'survey.json', text: '{}', files: [] };
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'forecast', forecast: { survey, particles: 5 } } }])).toThrow(
      /^run: request\.study\.forecast\.particles: particles are a whole number from 20 to 100,000/,
    );
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'forecast', forecast: { survey, accept: 0 } } }])).toThrow(
      /^run: request\.study\.forecast\.accept: accept is a share above 0 and at most 1/,
    );
    expect(() => checkCallArgs('run', [{ siteId: 's', text: '{}', study: { kind: 'forecast', forecast: { survey, actions: ['none'] } } }])).toThrow(
      /^run: request\.study\.forecast\.actions: actions are one comma-separated string/,
    );
    expect(() => checkCallArgs('checkPlan', ['site'])).toThrow(/^checkPlan: takes \(siteId, text\), not 1 argument$/);
    expect(() => checkCallArgs('info', [1])).toThrow(/^info: takes no arguments, not 1 argument$/);
  });

  it('answers a call with wrong arguments with the reason and goes on serving the page', async () => {
    const call = session();
    expect(refusal(await call('uploadPart', 'f', 'a.asc', -1, new Uint8Array(1)))).toMatch(/^uploadPart: offset: expected a byte offset/);
    expect(refusal(await call('importGis', 'site', 'zones.geojson', 'text'))).toMatch(/^importGis: data: expected bytes/);
    expect(refusal(await call('readExample'))).toMatch(/^readExample: takes \(id\), not 0 arguments/);
    const examples = await call('listExamples');
    expect(examples.kind === 'reply' && examples.ok).toBe(true);
    // Arguments that fit reach the service, which answers for itself.
    expect(await call('readExample', '../../etc/passwd')).toMatchObject({ ok: true, value: { ok: false } });
  });
});
