// `npm run icons`: every icon the desktop packages need, made from the one source assets/icons/icon.svg.
// Chromium draws the SVG at each size (so small sizes are drawn, not shrunk); png2icons packs the
// Windows .ico and the macOS .icns. The outputs are committed; run this after changing the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import png2icons from 'png2icons';
import { launchBrowser } from '../test/e2e/browser.js';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'assets', 'icons');
/** Linux wants each size in icons/NxN.png; 1024 is the source the .ico and .icns are made from. */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  mkdirSync(join(dir, 'png'), { recursive: true });
  for (const size of ICON_SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(join(dir, 'png', `${size}x${size}.png`), png);
    await page.close();
  }
} finally {
  await browser.close();
}
const source = readFileSync(join(dir, 'png', '1024x1024.png'));
writeFileSync(join(dir, 'icon.png'), source);
const ico = png2icons.createICO(source, png2icons.BICUBIC2, 0, true, true);
const icns = png2icons.createICNS(source, png2icons.BICUBIC2, 0);
if (!ico || !icns) throw new Error('png2icons could not make the .ico or .icns');
writeFileSync(join(dir, 'icon.ico'), ico);
writeFileSync(join(dir, 'icon.icns'), icns);
console.log(`Wrote ${ICON_SIZES.length} PNG sizes, icon.png, icon.ico and icon.icns in ${dir}`);
