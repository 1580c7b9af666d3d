import { describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import type { HostRunEvent, RunOutcome } from '../../sim/hostApi/api.js';
import { smallScenario } from '../helpers.js';

// The host's memory stays within its stated ceilings whatever it runs: finished runs beyond the
// ceiling are dropped oldest first, and frames too large to record are not kept for replay.

async function run(service: HostService, seed: number): Promise<{ outcome: RunOutcome; events: HostRunEvent[] }> {
  const events: HostRunEvent[] = [];
  const text = JSON.stringify(smallScenario({ years: 20, replicates: 2 }));
  const site = await service.openSite({ kind: 'text', fileName: 'small.json' }, text);
  if (!site.ok) throw new Error(JSON.stringify(site.problems));
  const handle = service.run({ siteId: site.siteId, text, seed }, (e) => events.push(e));
  return { outcome: await handle.done, events };
}

describe('memory the host holds', () => {
  it('keeps finished runs and recorded frames within its ceilings, dropping the oldest', async () => {
    const probe = new HostService({ threads: 1 });
    const first = await run(probe, 1);
    expect(first.outcome.status).toBe('completed');
    const one = probe.memoryHeld();
    expect(one.finished).toBeGreaterThan(0);
    expect(one.recorded).toBeGreaterThan(0);

    // Room for two finished runs, and less than one run's frames.
    const service = new HostService({ threads: 1, maxFinishedBytes: Math.floor(one.finished * 2.5), maxRecordedBytes: Math.floor(one.recorded / 2) });
    const runs = [];
    for (const seed of [1, 2, 3, 4]) {
      const r = await run(service, seed);
      expect(r.outcome.status).toBe('completed');
      runs.push(r.outcome.runId);
      const held = service.memoryHeld();
      expect(held.finished).toBeLessThanOrEqual(one.finished * 2.5);
      expect(held.recorded).toBe(0);
    }
    // The newest two can be exported; the oldest were dropped, and say so.
    await expect(service.exportResults(runs[3], 'out')).resolves.toBeDefined();
    await expect(service.exportResults(runs[2], 'out')).resolves.toBeDefined();
    await expect(service.exportResults(runs[0], 'out')).rejects.toThrow(/No finished run .* their data passes/);

    // Not recorded, so the same request runs again and streams its frames afresh, identical.
    const again = await run(service, 4);
    const frames = (events: HostRunEvent[]) => events.filter((e) => e.type === 'frame').length;
    expect(frames(again.events)).toBe(21);
    expect(again.events.length).toBeGreaterThan(21);
  });
});
