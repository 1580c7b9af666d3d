import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { csvCell, csvCellText } from '../../sim/shared/csvCell.js';
import { hasHiddenCharacters, visibleText } from '../../sim/scenario/names.js';
import { reforestInProcess, smallScenario, tempDir, twoZoneScenario } from '../helpers.js';

// Names reach terminals, file names and spreadsheets: a name may not hide characters that change how
// text around it is shown, and a name a spreadsheet would run as a formula is written as text.

/** A fresh folder, removed after the test (test/setup.ts). */
const scratch = tempDir;

/** The command run in this process, as the program runs it: exit code and what it printed. */
const reforest = (args: string[]) => reforestInProcess(args);

/** Every character class a name may not hold, each as it would be typed or pasted. */
const HIDDEN: [string, string][] = [
  ['an ANSI escape', 'north \u001b[31mzone\u001b[0m'],
  ['a NUL', 'north\u0000zone'],
  ['a tab', 'north\tzone'],
  ['a line break', 'north\nzone'],
  ['a C1 control', 'north\u009bzone'],
  ['a right-to-left override', 'north\u202ezone'],
  ['a right-to-left isolate', 'north\u2067zone'],
  ['a right-to-left mark', 'north\u200fzone'],
  ['a zero-width space', 'north\u200bzone'],
  ['a zero-width joiner', 'north\u200dzone'],
  ['a byte order mark', '\ufeffnorth'],
  ['a soft hyphen', 'north\u00adzone'],
  ['a lone space', ' '],
  ['a leading space', ' north'],
  ['a trailing no-break space', 'north\u00a0'],
];

describe('names with hidden characters', () => {
  for (const [what, name] of HIDDEN) {
    it(`refuses ${what} in a scenario, zone or fence name, naming the field, with the character escaped in the message`, async () => {
      const d = scratch();
      for (const [field, set] of [
        ['name', (s: ReturnType<typeof twoZoneScenario>) => (s.name = name)],
        ['plantings[0].name', (s: ReturnType<typeof twoZoneScenario>) => (s.plantings![0].name = name)],
        ['fences[0].name', (s: ReturnType<typeof twoZoneScenario>) => (s.fences![0].name = name)],
      ] as const) {
        const s = twoZoneScenario();
        set(s);
        const file = join(d, 'scenario.json');
        writeFileSync(file, JSON.stringify(s));
        const r = await reforest(['validate', file]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain(`${field}: must not be blank, begin or end with a space, or hold control, bidirectional or invisible characters`);
        // Nothing the terminal would act on comes back in the message.
        expect(hasHiddenCharacters(r.stderr.replace(/\n/g, ''))).toBe(false);
      }
    });
  }

  it('refuses the same in a sweep name and a search name', async () => {
    const d = scratch();
    const sweep = join(d, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({ name: 'glen \u001b[2J', base: smallScenario(), replicates: 1, variables: [{ path: 'seed', values: [1, 2] }] }));
    const r = await reforest(['sweep', sweep, '--out-dir', join(d, 'out')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/name: must not be blank, begin or end with a space, or hold control/);
    expect(r.stderr).not.toContain('\u001b');
  });

  it('accepts names in any script, with inner spaces, accents and punctuation', async () => {
    const d = scratch();
    const s = twoZoneScenario({ name: 'Glen Affric — Coille Ghlais (Phase 2)' });
    s.plantings![0].name = 'Ceann a’ Ghlinne';
    s.fences![0].name = 'Ост. забор 北';
    const file = join(d, 'scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const r = await reforest(['validate', file]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('names a spreadsheet would read as formulas', () => {
  it('are written as text in the yearly CSV (an apostrophe before them); numbers are left alone', async () => {
    const d = scratch();
    const s = smallScenario({ name: "=cmd|' /C calc'!A0" });
    s.plantings![0].name = '@SUM(1+1)';
    const file = join(d, 'scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const out = join(d, 'out.csv');
    const r = await reforest(['run', file, '--years', '2', '--replicates', '1', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = csvParseRows(readFileSync(out, 'utf8'));
    const at = (c: string) => header.indexOf(c);
    expect(new Set(rows.map((row) => row[at('scenario')]))).toEqual(new Set(["'=cmd|' /C calc'!A0"]));
    expect(new Set(rows.map((row) => row[at('zone')]))).toEqual(new Set(['all', "'@SUM(1+1)"]));
    // No cell of the file begins a formula, and every metric is still a plain number.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?![\d.])/);
    for (const row of rows) expect(Number.isFinite(Number(row[at('carbon_tco2e')]))).toBe(true);
  });

  it('csvCell neutralises text that starts like a formula and keeps numbers; csvCellText reads it back', async () => {
    for (const text of ['=1+2', '+x', '-north', '@A1', '\tx', '\rx', '-', '+', '=']) {
      expect(csvCell(text)).toBe(`'${text}`);
      expect(csvCellText(csvCell(text))).toBe(text);
    }
    for (const text of ['-3.5', '+1e3', '-0.0001', '12', '.5', 'north', "'quoted", 'a=b', '']) {
      expect(csvCell(text)).toBe(text);
      expect(csvCellText(csvCell(text))).toBe(text);
    }
  });

  it('visibleText escapes what a terminal would act on and keeps the text around it', async () => {
    expect(visibleText('zone \u001b[31mred')).toBe('zone \\u{1b}[31mred');
    expect(visibleText('a\u202eb')).toBe('a\\u{202e}b');
    expect(visibleText('two\nlines', true)).toBe('two\nlines');
    expect(visibleText('two\nlines')).toBe('two\\u{a}lines');
  });
});
