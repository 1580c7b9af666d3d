import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import type { HostRunEvent } from '../../sim/hostApi/api.js';
import { smallScenario, tempDir } from '../helpers.js';

// A site is opened once: plans are checked and run against the terrain the host already holds, so
// neither a check nor a run reads the elevation model again.

const work = tempDir('reforest-site-cache-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const grid = 'ncols 40\nnrows 40\nxllcorner 0\nyllcorner 0\ncellsize 10\n' + Array.from({ length: 40 }, (_, r) => Array.from({ length: 40 }, (_, c) => 100 + r + c).join(' ')).join('\n') + '\n';
writeFileSync(join(work, 'site.asc'), grid);

describe('the site cache', () => {
  it('runs plans on an open site without reading its terrain again', async () => {
    const service = new HostService({ threads: 1, workingDir: work });
    const source = { kind: 'text', fileName: 'plan.json' } as const;
    const plan = (density: number) => JSON.stringify(smallScenario({ years: 3, replicates: 1, terrain: { type: 'ascii', path: 'site.asc' }, plantings: [{ name: 'zone', polygon: [[100, 100], [300, 100], [300, 300], [100, 300]], species: [{ species: 'downy_birch', fraction: 1 }], density }] }));
    const site = await service.openSite(source, plan(1600));
    if (!site.ok) throw new Error(JSON.stringify(site.problems));
    expect(service.terrainFilesRead).toBe(1);
    const run = async (text: string, seed: number) => {
      const events: HostRunEvent[] = [];
      const outcome = await service.run({ siteId: site.siteId, text, seed }, (e) => events.push(e)).done;
      return { outcome, events };
    };
    expect((await run(plan(1600), 1)).outcome.status).toBe('completed');

    // The file is gone: an edited plan is still checked and run on the terrain the site holds.
    unlinkSync(join(work, 'site.asc'));
    const check = await service.checkPlan(site.siteId, plan(2500));
    expect(check.ok, JSON.stringify(check)).toBe(true);
    if (check.ok) expect(check.plan.zones[0].density).toBe(2500);
    const edited = await run(plan(2500), 2);
    expect(edited.outcome.status).toBe('completed');
    const layout = edited.events.find((e) => e.type === 'layout');
    expect(layout && layout.type === 'layout' && layout.layout.count).toBeGreaterThan(0);
    // Opening the same scenario again finds the open site.
    const again = await service.openSite(source, plan(900));
    expect(again.ok && again.siteId).toBe(site.siteId);
    expect(service.terrainFilesRead).toBe(1);

    // A plan naming another terrain is not run on this site.
    const other = JSON.stringify(smallScenario({ terrain: { type: 'ascii', path: 'elsewhere.asc' } }));
    const refused = await service.checkPlan(site.siteId, other);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems[0]).toMatchObject({ path: 'terrain', message: expect.stringMatching(/different terrain/) });
  });
});

describe('what an edit re-derives', () => {
  it("keeps each species' suitability map per terrain and site limits, and works out the roamed ground as a run's site does", async () => {
    const { loadScenario } = await import('../../sim/scenario/load.js');
    const { describePlan } = await import('../../sim/pageViews/siteView.js');
    const { Site } = await import('../../sim/model/site.js');
    const { SpeciesTable } = await import('../../sim/model/species.js');
    const { roamingAreaKm2 } = await import('../../sim/model/roaming.js');
    const terrain = { type: 'procedural', width: 600, height: 600, cellSize: 10, relief: 120, shape: 'hills', baseElevation: 200 } as const;
    const first = await loadScenario(smallScenario({ terrain, herbivores: [{ kind: 'red_deer', densityPerKm2: 8 }], deerControl: {} }), { baseDir: work });
    // The same terrain object, as an open site shares it; a different herd.
    const edited = await loadScenario(smallScenario({ terrain, herbivores: [{ kind: 'red_deer', densityPerKm2: 3 }], deerControl: {} }), { baseDir: work });
    const a = describePlan(first);
    const b = describePlan({ ...edited, terrain: first.terrain });
    expect(b.suitability[0]).toBe(a.suitability[0]);
    // The map is the species' suitability at every cell, as the model reads it.
    const table = new SpeciesTable(first.resolved.species);
    const t = first.terrain;
    for (const c of [0, 123, t.cols * t.rows - 1]) expect(a.suitability[0][c]).toBe(Math.round(255 * table.suitability(0, t.elevation[c], t.slope[c], t.twi[c])));
    // Other site limits, another map.
    const fussy = await loadScenario(smallScenario({ terrain, species: { downy_birch: { site: { elevationOptimumMax: 10, elevationLimit: 300 } } } }), { baseDir: work });
    expect(describePlan({ ...fussy, terrain: first.terrain }).suitability[0]).not.toBe(a.suitability[0]);
    expect(roamingAreaKm2(first.resolved, first.terrain)).toBe(new Site(first.resolved, first.terrain).roamingAreaKm2);
    expect(roamingAreaKm2(first.resolved, first.terrain)).toBeGreaterThan(0);
  });

  it('resolves a plan once per content: the run of a checked plan and a plan undone back to find it resolved', async () => {
    const service = new HostService({ threads: 1, workingDir: work });
    const plan = (density: number) => JSON.stringify(smallScenario({ years: 2, replicates: 1, seed: 5, plantings: [{ name: 'zone', polygon: [[100, 100], [300, 100], [300, 300], [100, 300]], species: [{ species: 'downy_birch', fraction: 1 }], density }] }));
    const site = await service.openSite({ kind: 'text', fileName: 'plan.json' }, plan(1600));
    if (!site.ok) throw new Error(JSON.stringify(site.problems));
    const resolvedBefore = service.plansResolved;
    expect((await service.checkPlan(site.siteId, plan(1600))).ok).toBe(true);
    expect(service.plansResolved).toBe(resolvedBefore + 1);
    // The page's run names the plan's own seed: the plan as it runs is the plan checked.
    expect((await service.run({ siteId: site.siteId, text: plan(1600), seed: 5, replicates: 1 }, () => undefined).done).status).toBe('completed');
    expect(service.plansResolved).toBe(resolvedBefore + 1);
    // An edit is resolved; undoing back to the plan before finds it.
    const edited = await service.checkPlan(site.siteId, plan(900));
    expect(edited.ok && edited.plan.zones[0].density).toBe(900);
    expect(service.plansResolved).toBe(resolvedBefore + 2);
    const undone = await service.checkPlan(site.siteId, plan(1600));
    expect(undone.ok && undone.plan.zones[0].density).toBe(1600);
    expect(service.plansResolved).toBe(resolvedBefore + 2);
    // Another seed is another plan; a refused plan is refused each time it is asked.
    expect((await service.run({ siteId: site.siteId, text: plan(1600), seed: 6, replicates: 1 }, () => undefined).done).status).toBe('completed');
    expect(service.plansResolved).toBe(resolvedBefore + 3);
    const bad = JSON.stringify({ ...JSON.parse(plan(1600)), years: -1 });
    expect((await service.checkPlan(site.siteId, bad)).ok).toBe(false);
    expect((await service.checkPlan(site.siteId, bad)).ok).toBe(false);
    expect(service.plansResolved).toBe(resolvedBefore + 5);
  });

  it("scans a zone's ground once per terrain and content: moving one zone re-scans that zone only", async () => {
    const { loadScenario } = await import('../../sim/scenario/load.js');
    const { zoneGround } = await import('../../sim/model/zoneGround.js');
    const { siteWarnings } = await import('../../sim/model/feasibility.js');
    const { SpeciesTable } = await import('../../sim/model/species.js');
    const terrain = { type: 'procedural', width: 600, height: 600, cellSize: 10, relief: 300, shape: 'hills', baseElevation: 200 } as const;
    const zones = (dx: number) => [
      { name: 'west', polygon: [[50, 50], [250, 50], [250, 250], [50, 250]] as [number, number][], species: [{ species: 'downy_birch', fraction: 0.5 }, { species: 'scots_pine', fraction: 0.5 }], density: 1600 },
      { name: 'east', polygon: [[300 + dx, 300], [500 + dx, 300], [500 + dx, 500], [300 + dx, 500]] as [number, number][], species: [{ species: 'downy_birch', fraction: 1 }], density: 1600 },
    ];
    const first = await loadScenario(smallScenario({ terrain, plantings: zones(0) }), { baseDir: work });
    const moved = await loadScenario(smallScenario({ terrain, plantings: zones(-40) }), { baseDir: work });
    const t = first.terrain;
    const ground = (loaded: typeof first, z: number) => {
      const p = loaded.resolved.scenario.plantings[z];
      return zoneGround(t, p.polygon, p.species.map((m) => loaded.resolved.species[loaded.resolved.speciesIds.indexOf(m.species)]));
    };
    siteWarnings(first.resolved, t);
    const [west, east] = [ground(first, 0), ground(first, 1)];
    expect(ground(moved, 0)).toBe(west);
    expect(ground(moved, 1)).not.toBe(east);
    // The scan is the zone's cells as the model reads them: count, elevation range and each species' best cell.
    const table = new SpeciesTable(first.resolved.species);
    let cells = 0;
    let low = Infinity;
    const best = [0, 0];
    for (let r = 0; r < t.rows; r++) {
      for (let c = 0; c < t.cols; c++) {
        const x = t.west + (c + 0.5) * t.cellSize;
        const y = t.north - (r + 0.5) * t.cellSize;
        if (x < 50 || x > 250 || y < 50 || y > 250) continue;
        const i = r * t.cols + c;
        cells++;
        low = Math.min(low, t.elevation[i]);
        first.resolved.scenario.plantings[0].species.forEach((m, j) => {
          best[j] = Math.max(best[j], table.suitability(first.resolved.speciesIds.indexOf(m.species), t.elevation[i], t.slope[i], t.twi[i]));
        });
      }
    }
    expect(west.cells).toBe(cells);
    expect(west.low).toBe(low);
    expect([...west.best]).toEqual(best);
  });
});
