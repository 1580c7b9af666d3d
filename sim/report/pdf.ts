import { existsSync } from 'node:fs';

/** Where Chromium is looked for: REFOREST_CHROMIUM, then the usual system paths. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.REFOREST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p)) ?? null;
}

/** Prints an HTML page to PDF bytes (A4, backgrounds on) with the Chromium at `executable`. */
export async function printPdf(html: string, executable: string): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: executable, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    // A plain Uint8Array, not a Buffer: it crosses to the page as bytes.
    return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
  } finally {
    await browser.close();
  }
}
