import { describe, expect, it } from 'vitest';
import { arrangeScenarioFiles, newSiteFiles, type PickedFile } from '../../renderer/app/pickedFiles.js';
import { normalizePath } from '../../sim/shared/paths.js';

// Which of the files a user picked in the page a scenario needs, and where each must go so the
// scenario's relative paths resolve as they do next to the real files.

const file = (name: string, webkitRelativePath = ''): PickedFile => ({ name, webkitRelativePath, size: 1, slice: () => new Blob(['x']) });
const on = (terrain: object) => JSON.stringify({ terrain });

describe('files picked with a scenario', () => {
  it('finds the raster among files picked one by one, by its name', () => {
    const plan = file('plan.json');
    const tif = file('glen.tif');
    const arranged = arrangeScenarioFiles(plan, on({ type: 'geotiff', path: 'dem/glen.tif' }), [plan, tif, file('other.tif')]);
    expect(arranged).toEqual({ ok: true, scenarioPath: 'plan.json', files: [{ file: tif, path: 'dem/glen.tif' }] });
  });

  it('finds it in a picked folder by its path from the scenario, and places parent paths below the scenario', () => {
    const plan = file('plan.json', 'project/plans/plan.json');
    const tif = file('glen.tif', 'project/data/glen.tif');
    const decoy = file('glen.tif', 'project/plans/glen.tif');
    const arranged = arrangeScenarioFiles(plan, on({ type: 'geotiff', path: '../data/glen.tif' }), [plan, decoy, tif]);
    expect(arranged.ok).toBe(true);
    if (!arranged.ok) return;
    expect(arranged.files).toEqual([{ file: tif, path: 'data/glen.tif' }]);
    // One level up from the scenario's folder must be the folder that holds data/.
    expect(arranged.scenarioPath).toBe('_/plan.json');
    expect(normalizePath(`${arranged.scenarioPath}/../../data/glen.tif`)).toBe('data/glen.tif');
  });

  it('brings an ASCII grid\'s .prj along when it was picked', () => {
    const plan = file('plan.json');
    const asc = file('site.asc');
    const prj = file('site.prj');
    const arranged = arrangeScenarioFiles(plan, on({ type: 'ascii', path: 'site.asc' }), [plan, asc, prj]);
    expect(arranged.ok && arranged.files.map((f) => f.path)).toEqual(['site.asc', 'site.prj']);
  });

  it('names the file that is missing, a full path, and needs nothing for a procedural terrain', () => {
    const plan = file('plan.json');
    const missing = arrangeScenarioFiles(plan, on({ type: 'geotiff', path: 'dem/glen.tif' }), [plan]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems[0]).toMatchObject({ file: 'plan.json', path: 'terrain.path', message: expect.stringContaining('"dem/glen.tif", which is not among the files picked') });
    const ambiguous = arrangeScenarioFiles(plan, on({ type: 'geotiff', path: 'glen.tif' }), [plan, file('glen.tif'), file('glen.tif')]);
    expect(ambiguous.ok).toBe(false);
    const absolute = arrangeScenarioFiles(plan, on({ type: 'geotiff', path: '/data/glen.tif' }), [plan, file('glen.tif')]);
    expect(!absolute.ok && absolute.problems[0].message).toMatch(/full path a browser page cannot read/);
    expect(arrangeScenarioFiles(plan, on({ type: 'procedural', width: 100, height: 100 }), [plan])).toEqual({ ok: true, scenarioPath: 'plan.json', files: [] });
  });
});

describe('a new site from a DEM', () => {
  it('starts a scenario on the picked raster with no plan yet', () => {
    const asc = file('Loch Site.asc');
    const made = newSiteFiles([asc, file('Loch Site.prj'), file('notes.txt')]);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.files.map((f) => f.path)).toEqual(['Loch Site.asc', 'Loch Site.prj']);
    const sc = JSON.parse(made.text);
    expect(sc).toMatchObject({ name: 'Loch Site', terrain: { type: 'ascii', path: 'Loch Site.asc' }, plantings: [] });
    expect(made.scenarioPath).toBe('Loch Site.json');
  });

  it('asks for exactly one elevation model', () => {
    expect(newSiteFiles([file('notes.txt')])).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('is an elevation model') }] });
    expect(newSiteFiles([file('a.tif'), file('b.tif')])).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('one elevation model at a time') }] });
  });
});
