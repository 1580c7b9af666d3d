import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { projectRoot } from '../helpers.js';

export const CHROMIUM = process.env.REFOREST_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsDir = join(projectRoot, 'test-artifacts', 'e2e');

/** Debian's Chromium, headless, with WebGL through SwiftShader and no calls home. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's "chromium" package (see .ci/run).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Saves a screenshot as a test artifact and returns its decoded pixels. */
export async function shoot(page: Page, name: string, selector = '#view'): Promise<PNG> {
  mkdirSync(artifactsDir, { recursive: true });
  const buf = await page.locator(selector).screenshot();
  writeFileSync(join(artifactsDir, `${name}.png`), buf);
  return PNG.sync.read(buf);
}

/**
 * Share of pixels whose colour differs by more than `tolerance` (sum of RGB differences), from row
 * `fromRow` down (to leave out controls laid over the top of the view).
 */
export function differingShare(a: PNG, b: PNG, tolerance = 30, fromRow = 0): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('screenshots differ in size');
  let differ = 0;
  for (let i = fromRow * a.width * 4; i < a.data.length; i += 4) {
    const d = Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
    if (d > tolerance) differ++;
  }
  return differ / (a.width * (a.height - fromRow));
}

/** Distinct colours after quantising to 5 bits per channel: a blank or flat picture has very few. */
export function distinctColours(png: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) seen.add(((png.data[i] >> 3) << 10) | ((png.data[i + 1] >> 3) << 5) | (png.data[i + 2] >> 3));
  return seen.size;
}

export function writeArtifact(name: string, content: string | Buffer): string {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, name);
  writeFileSync(file, content);
  return file;
}


/**
 * The page as the tests open it: a 1400×1000 window on the host's address, downloads allowed, and
 * every console error or uncaught exception collected in `errors` (the tests fail on any).
 */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}
