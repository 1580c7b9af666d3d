// The desktop app itself, driven by Playwright's Electron support: these run wherever Electron's
// binary is present and are skipped, saying why, where it is not (it downloads on first use).
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../main/start.js';
import { projectRoot, tempDir } from '../helpers.js';

const binary = electronBinary();
if ('missing' in binary) console.log(`Skipping the Electron app tests: ${binary.missing}.`);

describe.skipIf('missing' in binary)('the desktop app in Electron', () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [projectRoot, '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
      env: { ...process.env, HOME: tempDir('reforest-home-') },
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the page from app:// with nothing of Node or Electron in it', async () => {
    expect(page.url()).toBe('app://reforest/index.html');
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys(window.reforestDesktop ?? {}).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['platform', 'requestHostPort'] });
  });

  it('runs the default scenario over its MessagePort and draws trees', async () => {
    await page.waitForFunction(() => window.reforestPage?.runs[0]?.status === 'completed', null, { timeout: 600_000, polling: 500 });
    expect(await page.evaluate(() => window.reforestPage!.stats().treeInstances)).toBeGreaterThan(20_000);
    expect(await page.evaluate(async () => (await fetch('https://example.com/').then(() => 'loaded', () => 'refused')))).toBe('refused');
  }, 600_000);

  it('has the native menus', async () => {
    const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label.replace('&', '')) ?? []);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View']));
  });
});
