import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../sim/report/pdf.js';
import { planInWords } from '../../sim/report/planInWords.js';
import { produceReport } from '../../sim/report/produce.js';
import { applyRunOverrides, loadScenario } from '../../sim/scenario/load.js';
import { parseStrategies } from '../../sim/shared/strategySpec.js';
import { projectRoot, tempDir } from '../helpers.js';

// The report as a planner hands it in: the PDF Chromium prints, read back with Poppler's pdftotext
// (Debian's poppler-utils), an independent reader of what is on the page.

const chromium = findChromium();
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
if (!chromium) console.log('Skipping the PDF layout test: no Chromium found (REFOREST_CHROMIUM or /usr/bin/chromium).');
if (!hasPdftotext) console.log('Skipping the PDF layout test: pdftotext (poppler-utils) is not installed.');

/** Text of the HTML between tags, with entities for the characters the report escapes decoded. */
const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();

describe('the report as printed', () => {
  it.runIf(chromium && hasPdftotext)('keeps every column of the strategy and carbon-unit tables, headers and values, on an A4 page', async () => {
    // The glen at its own 50-year horizon, whose costs run to six figures and carbon to thousands of tonnes.
    const json = JSON.parse(readFileSync(join(projectRoot, 'assets', 'scenarios', 'default.json'), 'utf8'));
    applyRunOverrides(json, { replicates: 2 });
    const loaded = await loadScenario(json, { baseDir: join(projectRoot, 'assets', 'scenarios'), label: 'default.json' });
    const strategies = parseStrategies('none,fence,shelters:1.8', loaded.resolved.scenario.plantings.map((p) => p.name));
    const report = await produceReport(loaded, 'default.json', { strategies, reproduceAs: { scenario: 'default.json', out: 'report.html' }, chromium });
    expect(report.pdfProblem).toBeNull();
    const dir = tempDir();
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, report.pdf!);

    // Every word lies inside the page's printable area (A4 less the report's 14 mm margins).
    const boxes = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(boxes)![1]);
    const margin = (14 / 25.4) * 72;
    const words = [...boxes.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)];
    expect(words.length).toBeGreaterThan(1000);
    const outside = words.filter((w) => Number(w[1]) < margin - 1 || Number(w[2]) > pageWidth - margin + 1).map((w) => w[3]);
    expect(outside).toEqual([]);

    // Every header and every cell of every strategy and carbon-unit table is in the printed text.
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const tables = [...report.html.matchAll(/<table class="(strategies|units)"[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables.filter((t) => t.includes('data-part="money"')).length).toBe(3);
    for (const table of tables) {
      const head = /<thead>([\s\S]*?)<\/thead>/.exec(table)![1];
      expect(text).toContain(plain(head));
      for (const cell of table.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)) {
        for (const part of cell[1].split(/<span class="band">/)) expect(text).toContain(plain(part));
      }
    }
    // The report opens on the plan as run, and labels the description its file carries as the file's.
    for (const line of planInWords(loaded.resolved)) expect(text).toContain(line.replace(/\s+/g, ' '));
    expect(text).toContain("The scenario's own description, as written in its file:");
    for (const header of ['Cost per surviving tree, year 5', 'Cost per tCO2e, year 50', 'Marginal cost per extra tCO2e over the cheapest']) expect(text).toContain(header);
  }, 120_000);
});
