import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import { type WebHost, startWebHost } from '../../main/web/webHost.js';
import { projectRoot, smallScenario, tempDir } from '../helpers.js';
import { launchBrowser, openPage, shoot, writeArtifact } from './browser.js';
import { e2eExamples, closesCleanly } from './pageHost.js';

/**
 * Planning on the map in real Chromium: a zone and a fence drawn by clicking on the terrain, the
 * zone's species and density set in its panel, undo and redo, a drawing with a problem shown before
 * any run, the edited plan run, and the saved file giving the CLI the same results as the page.
 */
describe('the plan editor in Chromium', () => {
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  const dir = tempDir('reforest-editor-e2e-');

  // A flat 400 m site with one small zone and red deer, short enough to run in seconds.
  const scenario = smallScenario({
    name: 'editor test',
    years: 6,
    replicates: 2,
    seed: 11,
    plantings: [{ name: 'first', polygon: [[20, 20], [80, 20], [80, 80], [20, 80]], species: [{ species: 'downy_birch', fraction: 1 }], density: 1600 }],
    herbivores: [{ kind: 'red_deer', densityPerKm2: 20 }],
  });

  const plan = () => page.evaluate(() => window.reforestPage!);
  const waitForRun = (status: string, timeout = 240_000) =>
    page.waitForFunction((s) => window.reforestPage?.runs.find((r) => r.key === 'a')?.status === s, status, { timeout, polling: 200 });
  const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const checks = () => page.locator('#plan-checks');
  /** Clicks the canvas where a ground point (terrain coordinates) shows. */
  const clickGround = async (x: number, y: number, options: { clickCount?: number } = {}) => {
    const at = await page.evaluate(([gx, gy]) => window.reforestPage!.screenPoint(gx, gy), [x, y] as const);
    if (!at) throw new Error(`(${x}, ${y}) is not on the view`);
    const box = (await page.locator('#view').boundingBox())!;
    await page.mouse.click(box.x + at[0], box.y + at[1], options);
  };
  /** Waits until the host has checked as many edits as given. */
  const checked = (n: number) => page.waitForFunction((k) => window.reforestPage!.editedPlanChecks >= k, n, { timeout: 30_000 });
  const billRows = (item: string) => page.locator(`table.bill tr[data-item="${item}"]`);

  beforeAll(async () => {
    host = await startWebHost({ service: new HostService({ workingDir: dir, examplesDir: e2eExamples('small') }), staticDir: join(projectRoot, 'dist', 'renderer'), version: 'e2e' });
    browser = await launchBrowser();
    ({ page, errors: consoleErrors } = await openPage(browser, host.url));
    // The page opens on the host's example and runs it; this test then plans on a site of its own.
    await waitForRun('completed');
    const opened = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    const file = join(dir, 'editor.json');
    writeFileSync(file, JSON.stringify(scenario, null, 2));
    await page.locator('#scenario-file').setInputFiles(file);
    await page.waitForFunction((id) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== id;
    }, opened, { timeout: 240_000, polling: 200 });
    await page.locator('#map-mode').check();
    await settle();
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: consoleErrors }));

  it('draws a zone by clicking on the terrain, sets its species and density, and fences it', async () => {
    const before = (await plan()).editedPlanChecks;
    await page.locator('[data-mode="draw-zone"]').click();
    for (const [x, y] of [[200, 200], [320, 200], [320, 320], [200, 320]] as const) await clickGround(x, y);
    // Area and length while drawing.
    await expect.poll(() => page.locator('#sketch-readout').textContent()).toMatch(/ha/);
    await clickGround(200, 200); // back on the first vertex closes the ring
    await checked(before + 1);
    expect(await page.locator('#zone-name').inputValue()).toBe('zone 2');
    expect(await billRows('trees').count()).toBe(2);

    await page.locator('#mix-species-0').selectOption('scots_pine');
    await checked(before + 2);
    await page.locator('#mix-add').click();
    await checked(before + 3);
    await page.locator('#zone-density').fill('2500');
    await page.locator('#zone-density').dispatchEvent('change');
    await checked(before + 4);
    // 1.44 ha at 2,500 stems/ha, half Scots pine and half the added species.
    const trees = await billRows('trees').evaluateAll((rows) => rows.filter((r) => (r as HTMLElement).dataset.of === 'zone 2').map((r) => r.children[2].textContent));
    expect(trees).toEqual(['1,800 trees', '1,800 trees']);

    await page.locator('[data-mode="draw-fence"]').click();
    for (const [x, y] of [[190, 190], [330, 190], [330, 330], [190, 330]] as const) await clickGround(x, y);
    await clickGround(190, 190);
    await checked(before + 5);
    expect(await page.locator('#fence-name').inputValue()).toBe('fence 1');
    expect(await page.locator('#fence-closed').isChecked()).toBe(true);
    const fenceLine = await billRows('fence').first().textContent();
    expect(fenceLine).toMatch(/560 m/);
    await expect.poll(() => checks().getAttribute('data-problems')).toBe('0');
  });

  it('undoes and redoes edits', async () => {
    let n = (await plan()).editedPlanChecks;
    await page.locator('#undo').click();
    await checked(++n);
    expect(await billRows('fence').count()).toBe(0);
    await page.locator('#redo').click();
    await checked(++n);
    expect(await billRows('fence').count()).toBe(1);
  });

  it('shows a self-intersecting zone as a problem before anything runs', async () => {
    await page.locator('[data-mode="draw-zone"]').click();
    // A bow tie: its second and fourth edges cross.
    for (const [x, y] of [[40, 200], [140, 300], [140, 200], [40, 300]] as const) await clickGround(x, y);
    await page.keyboard.press('Enter');
    await expect.poll(() => checks().getAttribute('data-problems')).not.toBe('0');
    expect(await checks().textContent()).toMatch(/zone 'zone 3': is self-intersecting/);
    expect(await page.locator('#run').isDisabled()).toBe(true);
    const shot = await shoot(page, 'editor-01-self-intersecting');
    // The zone is drawn red on the map.
    const red = countPixels(shot, (r, g, b) => r > 200 && g < 80 && b < 80);
    expect(red).toBeGreaterThan(50);
    await page.locator('#undo').click();
    await expect.poll(() => checks().getAttribute('data-problems')).toBe('0');
    expect(await page.locator('#run').isDisabled()).toBe(false);
  });

  it('refuses a zone drawn along the edges of another that overlaps it, naming the ground they share', async () => {
    await page.locator('[data-mode="draw-zone"]').click();
    // Sharing the first zone's east and west edges and overlapping its northern half: 60 m × 30 m.
    for (const [x, y] of [[20, 50], [80, 50], [80, 110], [20, 110]] as const) await clickGround(x, y);
    await page.keyboard.press('Enter');
    await expect.poll(() => checks().getAttribute('data-problems')).not.toBe('0');
    expect(await checks().textContent()).toMatch(/zone 'zone 3': overlaps zone "first" \(plantings\[0\]\) by 0\.18 ha, which would be planted twice; zones may touch but not overlap/);
    expect(await page.locator('#run').isDisabled()).toBe(true);
    await page.locator('#undo').click();
    await expect.poll(() => checks().getAttribute('data-problems')).toBe('0');
  });

  it('runs the edited plan: trees appear inside the new zone, and the run before the edit becomes B', async () => {
    const centre = await page.evaluate(() => window.reforestPage!.screenPoint(260, 260));
    const open = await page.evaluate(() => window.reforestPage!.screenPoint(260, 120));
    const beforeShot = await shoot(page, 'editor-02-before-run');
    const previousRun = (await plan()).runs.find((r) => r.key === 'a')!.runId;
    await page.locator('#run').click();
    // The edited plan's run takes slot A (it may already have finished by the time the page is asked).
    await page.waitForFunction((id) => { const a = window.reforestPage!.runs.find((r) => r.key === 'a'); return a !== undefined && a.runId !== id; }, previousRun, { timeout: 10_000 });
    await waitForRun('completed');
    await page.locator('#year').fill('6');
    await settle();
    const afterShot = await shoot(page, 'editor-03-after-run');
    // Inside the new zone saplings now dot the ground; open ground outside every zone is unchanged.
    const [cx, cy] = centre!;
    const [ox, oy] = open!;
    const inside = changedShare(beforeShot, afterShot, Math.round(cx) - 20, Math.round(cy) - 20, 40, 40);
    const outside = changedShare(beforeShot, afterShot, Math.round(ox) - 20, Math.round(oy) - 20, 40, 40);
    expect(inside).toBeGreaterThan(0.05);
    expect(outside).toBeLessThan(0.01);
    const runs = (await plan()).runs;
    expect(runs.map((r) => [r.key, r.status])).toEqual([['a', 'completed'], ['b', 'completed']]);
    expect(await page.locator('#compare-summary').textContent()).toMatch(/B \(before edit\)/);
  });

  it('saves the edited plan as a scenario that the CLI runs to the bytes the page exports', async () => {
    const [saved] = await Promise.all([page.waitForEvent('download'), page.locator('#save-scenario').click()]);
    const file = join(dir, 'saved.json');
    writeFileSync(file, readFileSync((await saved.path())!, 'utf8'));
    const text = readFileSync(file, 'utf8');
    writeArtifact('editor-saved.json', text);
    const json = JSON.parse(text) as { plantings: { name: string; density: number }[]; fences: { closed: boolean }[] };
    expect(json.plantings.map((p) => p.name)).toEqual(['first', 'zone 2']);
    expect(json.plantings[1].density).toBe(2500);
    expect(json.fences[0].closed).toBe(true);
    const [exported] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="out"]').click()]);
    const pageCsv = readFileSync((await exported.path())!, 'utf8');
    const cliOut = join(dir, 'cli.csv');
    execFileSync(process.execPath, [join(projectRoot, 'bin', 'reforest.js'), 'run', file, '--out', cliOut, '--quiet'], { stdio: 'ignore' });
    expect(pageCsv.split('\n').length).toBeGreaterThan(20);
    expect(pageCsv).toBe(readFileSync(cliOut, 'utf8'));
  });

  it("keeps the run's trees in zones an edit leaves as they were, with Inspect on them, and shows the run again on undo", async () => {
    const drawnTrees = () => page.evaluate(() => window.reforestPage!.stats().treeInstances);
    const title = () => page.locator('#inspect h3').first().textContent();
    await page.locator('#year').fill('6');
    await settle();
    const allTrees = await drawnTrees();
    expect(allTrees).toBeGreaterThan(0);
    const runA = (await plan()).runs.find((r) => r.key === 'a')!.runId;

    // Thin the second zone: its trees belong to a plan no longer drawn; the first zone's stay.
    let n = (await plan()).editedPlanChecks;
    await page.locator('[data-mode="edit"]').click();
    await clickGround(260, 260);
    await expect.poll(() => page.locator('#zone-name').inputValue()).toBe('zone 2');
    await page.locator('#zone-density').fill('1600');
    await page.locator('#zone-density').dispatchEvent('change');
    await checked(++n);
    await page.locator('[data-mode="navigate"]').click();
    const note = page.locator('#site-info .plan-edited');
    await expect.poll(() => note.textContent()).toMatch(/The plan has changed since run A\. Trees shown are that run's, in "first", which the edit left as it was; run the plan to see the edit\./);
    await settle();
    const kept = await drawnTrees();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(allTrees);
    await shoot(page, 'editor-04-edited-over-run');

    // Inspect works on the trees kept, and a changed zone shows its plan without the run's figures.
    await clickGround(50, 50);
    expect(await title()).toMatch(/^Tree \d+$/);
    expect(await page.locator('#inspect').textContent()).toContain('Zone "first"');
    await clickGround(260, 260);
    expect(await title()).toBe('Zone "zone 2"');
    expect(await page.locator('#inspect').textContent()).toMatch(/Density1,600 stems\/ha/);
    expect(await page.locator('#inspect').textContent()).not.toMatch(/Survival/);

    // Undone back to the plan that was run: that run, every tree of it, and no note.
    await page.locator('#undo').click();
    await checked(++n);
    await expect.poll(() => note.count()).toBe(0);
    await settle();
    expect(await drawnTrees()).toBe(allTrees);
    expect(await page.locator('#view-run').inputValue()).toBe('a');
    expect((await plan()).runs.find((r) => r.key === 'a')!.runId).toBe(runA);
    await clickGround(260, 260);
    expect(await title()).toMatch(/^(Tree \d+|Zone "zone 2")$/);
  });

  it('keeps a named baseline as B through three edits and their runs, says when A ran another plan, and lets it go', async () => {
    const runIds = async () => {
      const runs = (await plan()).runs;
      return { a: runs.find((r) => r.key === 'a')?.runId, b: runs.find((r) => r.key === 'b')?.runId };
    };
    const head = () => page.locator('#compare-summary thead').textContent();
    const runEdited = async () => {
      const before = (await runIds()).a;
      await page.locator('#run').click();
      await page.waitForFunction((id) => {
        const a = window.reforestPage!.runs.find((r) => r.key === 'a');
        return a?.status === 'completed' && a.runId !== id;
      }, before, { timeout: 120_000, polling: 200 });
    };
    const baseline = (await runIds()).a;
    await page.locator('#baseline-name').fill('as drawn');
    await page.locator('#baseline-pin').click();
    await expect.poll(head).toContain('B: baseline "as drawn"');
    expect((await runIds()).b).toBe(baseline);
    expect(await page.locator('#baseline-pin').textContent()).toBe('Let the baseline go');
    expect(await page.locator('#baseline-state').textContent()).toMatch(/B is the baseline kept \(seed \d+, \d+ replicates\)/);

    // Three edits, each run: A is the plan as edited, B the baseline throughout.
    let n = (await plan()).editedPlanChecks;
    const edits: (() => Promise<void>)[] = [
      async () => {
        await page.locator('[data-mode="edit"]').click();
        await clickGround(260, 260);
        await expect.poll(() => page.locator('#zone-name').inputValue()).toBe('zone 2');
        await page.locator('#zone-density').fill('1100');
        await page.locator('#zone-density').press('Tab');
        await page.locator('[data-mode="navigate"]').click();
      },
      async () => {
        await page.locator('#herbivore-density-0').fill('10');
        await page.locator('#herbivore-density-0').press('Tab');
      },
      async () => {
        await page.locator('#herbivore-density-0').fill('5');
        await page.locator('#herbivore-density-0').press('Tab');
      },
    ];
    for (const edit of edits) {
      await edit();
      await checked(++n);
      // Edited, not yet run: the table says A ran another plan than the one being edited.
      await expect.poll(head).toContain('(the plan has been edited since)');
      await runEdited();
      await expect.poll(head).toContain('B: baseline "as drawn"');
      expect(await head()).not.toContain('edited since');
      expect((await runIds()).b).toBe(baseline);
    }
    expect((await plan()).runs.map((r) => [r.key, r.status])).toEqual([['a', 'completed'], ['b', 'completed']]);

    // Let go, the next run after an edit makes the run before it B again.
    await page.locator('#baseline-pin').click();
    expect(await page.locator('#baseline-pin').textContent()).toBe('Keep A as baseline');
    const lastA = (await runIds()).a;
    await page.locator('#herbivore-density-0').fill('6');
    await page.locator('#herbivore-density-0').press('Tab');
    await checked(++n);
    await runEdited();
    await expect.poll(head).toContain('B (before edit)');
    expect((await runIds()).b).toBe(lastA);
  });
});

function countPixels(png: { width: number; height: number; data: Buffer }, test: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (test(png.data[i], png.data[i + 1], png.data[i + 2])) n++;
  return n;
}

function changedShare(a: { width: number; data: Buffer }, b: { width: number; data: Buffer }, x0: number, y0: number, w: number, h: number): number {
  let changed = 0;
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * a.width + x) * 4;
      const d = Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
      if (d > 30) changed++;
    }
  }
  return changed / (w * h);
}
