import { describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import type { HostRunEvent, RunRequest } from '../../sim/hostApi/api.js';
import { twoZoneScenario } from '../helpers.js';

// A planner compares strategies, then saves the report: the report is made from the runs just made,
// not by running the plan and every strategy again, and it is the report a fresh host would make.

const text = JSON.stringify(twoZoneScenario({ years: 6, replicates: 3, seed: 9 }));

async function open(service: HostService) {
  const site = await service.openSite({ kind: 'text', fileName: 'plan.json' }, text);
  if (!site.ok) throw new Error(JSON.stringify(site.problems));
  return async (extra: Partial<RunRequest>) => {
    const events: HostRunEvent[] = [];
    const outcome = await service.run({ siteId: site.siteId, text, seed: 9, replicates: 3, ...extra }, (e) => events.push(e)).done;
    expect(outcome.status).toBe('completed');
    return events;
  };
}

const reportOf = (events: HostRunEvent[]) => {
  const report = events.find((e) => e.type === 'report');
  if (!report || report.type !== 'report') throw new Error('no report');
  return report.html;
};
const progressOf = (events: HostRunEvent[]) => events.filter((e) => e.type === 'progress').map((e) => (e.type === 'progress' ? e.detail : ''));

describe('the report after the runs it needs', () => {
  it('reuses the plan run and the strategies just compared, and says the same as a report made from scratch', async () => {
    const study = { kind: 'strategies', strategies: 'none,fence,enclose' } as const;
    const fresh = await open(new HostService({ threads: 2 }));
    const fromScratch = await fresh({ study: { ...study, kind: 'report' } });
    // Made from scratch, the report runs the plan and each strategy.
    expect(progressOf(fromScratch).some((d) => /plan as drawn/.test(d))).toBe(true);
    expect(progressOf(fromScratch).some((d) => /enclose/.test(d))).toBe(true);

    const run = await open(new HostService({ threads: 2 }));
    await run({});
    await run({ study });
    const reused = await run({ study: { ...study, kind: 'report' } });
    expect(progressOf(reused)).toEqual([]);
    expect(reportOf(reused)).toBe(reportOf(fromScratch));

    // Other strategies are run: only what was compared is reused.
    const other = await run({ study: { kind: 'report', strategies: 'none,shelters:1.8' } });
    expect(progressOf(other).some((d) => /shelters:1.8/.test(d))).toBe(true);
    expect(progressOf(other).some((d) => /plan as drawn/.test(d))).toBe(false);
  }, 60_000);
});
