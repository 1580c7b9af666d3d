import { describe, expect, it } from 'vitest';
import type { ImportedShapes, SiteView } from '../../sim/hostApi/api.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import { fileStem } from '../../renderer/app/exportController.js';
import { importSummary } from '../../renderer/app/gisController.js';
import { planFileName } from '../../renderer/app/planFile.js';
import { chartRuns, chartZoneNames, EVERY_ZONE, zoneIndexIn, type ChartedRun } from '../../renderer/app/runCharts.js';

// The page's own rules that need no browser: file names, what an import says, and which zones and
// series the charts offer when A and B number their zones differently.

const siteWith = (zones: string[]) => ({ zones: zones.map((name, i) => ({ name, zoneIndex: i + 1 })) }) as unknown as SiteView;
const result = {} as RunResult;
const run = (key: 'a' | 'b', zones: string[], finished = true): ChartedRun => ({ key, label: key.toUpperCase(), color: key === 'a' ? '#a' : '#b', site: siteWith(zones), result: finished ? result : null });

describe('file names', () => {
  it('names the plan after where it came from', () => {
    expect(planFileName(null)).toBe('scenario.json');
    expect(planFileName({ kind: 'example', id: 'default' })).toBe('default.json');
    expect(planFileName({ kind: 'text', fileName: 'wood.json' })).toBe('wood.json');
    expect(planFileName({ kind: 'file', path: 'C:\\plans\\glen.json' })).toBe('glen.json');
    expect(planFileName({ kind: 'upload', folderId: 'f1', path: 'site/sub/plan.json' })).toBe('plan.json');
  });

  it('starts exported files with the scenario name in letters, digits and dashes', () => {
    expect(fileStem('Glen Affric: 2024!')).toBe('glen-affric-2024');
    expect(fileStem('***')).toBe('reforest');
  });
});

describe('GIS import summary', () => {
  it('counts what came in and gives each note as a sentence', () => {
    const shapes = { zones: [{}], fences: [{}, {}], notes: ['the file says EPSG:27700'] } as unknown as ImportedShapes;
    expect(importSummary('zones.kml', shapes)).toBe('Imported 1 zone and 2 fences from zones.kml. The file says EPSG:27700.');
  });
});

describe('chart zones', () => {
  const a = run('a', ['north', 'south']);
  const b = run('b', ['south']);

  it('finds a zone by name in each run, the whole site being 0', () => {
    expect(zoneIndexIn(a, '')).toBe(0);
    expect(zoneIndexIn(a, 'south')).toBe(2);
    expect(zoneIndexIn(b, 'south')).toBe(1);
    expect(zoneIndexIn(b, 'north')).toBe(-1);
  });

  it("offers A's zones, or with B only those both have", () => {
    expect(chartZoneNames(a, null)).toEqual(['north', 'south']);
    expect(chartZoneNames(a, b)).toEqual(['south']);
    expect(chartZoneNames(null, b)).toEqual([]);
  });

  it('draws one series per finished run, each at its own index of the zone', () => {
    expect(chartRuns([a, b], 'south').map((r) => [r.id, r.zone])).toEqual([['a', 2], ['b', 1]]);
    expect(chartRuns([a, run('b', ['south'], false)], '').map((r) => r.id)).toEqual(['a']);
  });

  it("draws every zone both runs have, B's in other hues than A's", () => {
    const series = chartRuns([a, b], EVERY_ZONE);
    expect(series.map((r) => [r.id, r.label, r.zone])).toEqual([['a-2', 'A: south', 2], ['b-1', 'B: south', 1]]);
    // "A: south" and "B: south" far apart in colour: their RGB distance is more than a third of the cube's diagonal.
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const [p, q] = [rgb(series[0].color), rgb(series[1].color)];
    expect(Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2])).toBeGreaterThan(Math.hypot(255, 255, 255) / 3);
    // A run still going counts for the zones shared, though it has no series yet.
    expect(chartRuns([a, run('b', ['south'], false)], EVERY_ZONE).map((r) => r.id)).toEqual(['a-2']);
  });
});
