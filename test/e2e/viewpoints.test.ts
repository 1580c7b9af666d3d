import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shoot } from './browser.js';
import { closesCleanly, openPageWith, type PageHost, startPageHost } from './pageHost.js';

/**
 * Named views kept with the plan, in real Chromium: the user zooms the view, saves it as
 * "from the road", goes home, and comes back to it; the saved plan carries it, and Undo takes it away.
 */
describe('viewpoints in the page', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    host = await startPageHost('websocket', { examples: 'small' });
    browser = await launchBrowser();
    ({ page, errors } = await openPageWith(host, browser));
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors }));

  const view = () => page.evaluate(() => window.reforestPage!.currentView()!);
  const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  it('saves the view as "from the road", goes back to it from home, and keeps it in the plan file', async () => {
    // Zoom in towards a point off the centre, as a user does with the wheel.
    const box = (await page.locator('#view').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.45);
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => (await view()).distance, { timeout: 10_000 }).toBeLessThan(400);
    // The camera glides a little after the mouse lets go: wait until two frames show the same view.
    await expect.poll(async () => {
      const before = JSON.stringify(await view());
      await settle();
      return JSON.stringify(await view()) === before;
    }, { timeout: 10_000 }).toBe(true);
    await page.locator('#viewpoint-name').fill('from the road');
    await page.locator('#viewpoint-save').click();
    await expect.poll(() => page.locator('#viewpoint-select option[value="from the road"]').count()).toBe(1);

    // The plan file carries it.
    type Saved = { viewpoints?: { name: string; target: [number, number]; heading: number; pitch: number; distance: number }[] };
    const saved = JSON.parse((await host.saved(page, () => page.locator('#save-scenario').click())).bytes.toString('utf8')) as Saved;
    expect(saved.viewpoints?.map((v) => v.name)).toEqual(['from the road']);
    const kept = saved.viewpoints![0];

    await page.locator('#home-view').click();
    const home = await view();
    // Home is another view: the whole site, from farther away and centred on it.
    expect(home.distance - kept.distance).toBeGreaterThan(20);
    expect(Math.hypot(home.target[0] - kept.target[0], home.target[1] - kept.target[1])).toBeGreaterThan(5);
    await page.locator('#viewpoint-select').selectOption('from the road');
    await settle();
    const back = await view();
    // Within half a metre and half a degree (the wheel's last glide may still settle the distance a little).
    expect(back.target[0]).toBeCloseTo(kept.target[0], 0);
    expect(back.target[1]).toBeCloseTo(kept.target[1], 0);
    expect(back.heading).toBeCloseTo(kept.heading, 0);
    expect(back.pitch).toBeCloseTo(kept.pitch, 0);
    expect(back.distance).toBeCloseTo(kept.distance, 0);
    await shoot(page, 'viewpoint-from-the-road');

    // It is an edit like any other: Undo takes it away.
    await page.locator('#undo').click();
    await expect.poll(() => page.locator('#viewpoint-select option[value="from the road"]').count()).toBe(0);
  });
});
