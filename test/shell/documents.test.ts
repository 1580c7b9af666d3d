// The desktop app's rules for files, through the handlers its main process uses (documents.ts,
// security.ts), with stand-in dialogs: Electron's binary is not needed. The page is not trusted with
// paths; the app writes only where its user chose and reads only what they picked or agreed to.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DesktopDocuments, type DesktopDialogs, safeFileName } from '../../main/electron/documents.js';
import { isPageRequest } from '../../main/electron/security.js';
import { writeFileAtomic } from '../../sim/output/atomic.js';
import { projectRoot, tempDir } from '../helpers.js';

/** The app's documents with dialogs that answer as told and record what they were asked. */
function desktop(answers: { saveTo?: string | null; allowRead?: boolean; allowOpen?: boolean } = {}) {
  const asked: string[] = [];
  const granted: string[] = [];
  const dialogs: DesktopDialogs = {
    saveTo: async (o) => (asked.push(`save ${o.defaultPath}`), answers.saveTo ?? null),
    allowRead: async (scenario, file) => (asked.push(`read ${file}`), answers.allowRead ?? false),
    allowOpen: async (path) => (asked.push(`open ${path}`), answers.allowOpen ?? false),
  };
  const documents = new DesktopDocuments({ dialogs, grantRead: (f) => granted.push(f), documentsDir: '/home/user/Documents', write: writeFileAtomic });
  return { documents, asked, granted };
}

const plan = (terrainPath?: string) => JSON.stringify({ schemaVersion: 1, name: 'p', ...(terrainPath ? { terrain: { type: 'geotiff', path: terrainPath } } : {}) });

describe('where the desktop app writes', () => {
  it("never writes to a path the page names: Save asks unless the user chose that file", async () => {
    const dir = tempDir('reforest-docs-');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const { documents, asked } = desktop({ saveTo: null });
    // A compromised page claims the plan came from a file the user never chose.
    documents.pageState({ title: 'plan', dirty: true, path: victim });
    const result = await documents.save('plan.json', 'application/json', '{}', { saveAs: false });
    expect(result.saved).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    // The dialog was asked, and did not start in the claimed file's folder.
    expect(asked).toEqual(['save /home/user/Documents/plan.json']);
  });

  it('saves without asking to the file the user opened, and to the one they picked in Save As', async () => {
    const dir = tempDir('reforest-docs-');
    const opened = join(dir, 'glen.json');
    writeFileSync(opened, plan());
    const picked = join(dir, 'copy.json');
    const { documents, asked } = desktop({ saveTo: picked });
    expect(await documents.open(opened, plan(), 'user')).toBe(true);
    documents.pageState({ title: 'glen', dirty: true, path: opened });
    expect(await documents.save('glen.json', 'application/json', '{"a":1}', { saveAs: false })).toEqual({ saved: true, location: opened });
    expect(readFileSync(opened, 'utf8')).toBe('{"a":1}');
    expect(asked).toEqual([]);
    expect(await documents.save('glen.json', 'application/json', '{"b":2}', { saveAs: true })).toEqual({ saved: true, location: picked });
    documents.pageState({ title: 'glen', dirty: true, path: picked });
    expect(await documents.save('glen.json', 'application/json', '{"c":3}', { saveAs: false })).toEqual({ saved: true, location: picked });
    expect(readFileSync(picked, 'utf8')).toBe('{"c":3}');
    expect(asked).toHaveLength(1);
  });

  it("starts a save dialog with the page's file name reduced to a name: no folder, no '..'", async () => {
    expect(safeFileName('../../.ssh/authorized_keys')).toBe('authorized_keys');
    expect(safeFileName('..\\..\\Windows\\evil.json')).toBe('evil.json');
    expect(safeFileName('/etc/passwd')).toBe('passwd');
    expect(safeFileName('..')).toBe('untitled');
    expect(safeFileName('a\u0000b\u001b.csv')).toBe('ab.csv');
    const { documents, asked } = desktop({ saveTo: null });
    await documents.save('../../../etc/cron.d/job', 'text/csv', 'x', { saveAs: false });
    expect(asked).toEqual(['save /home/user/Documents/job']);
  });
});

describe('what an opened scenario may read', () => {
  it('its own file and a terrain beside it, nothing more', async () => {
    const dir = tempDir('reforest-docs-');
    mkdirSync(join(dir, 'dem'));
    const { documents, asked, granted } = desktop();
    expect(await documents.open(join(dir, 'glen.json'), plan('dem/site.tif'), 'user')).toBe(true);
    expect(granted).toEqual([join(dir, 'glen.json'), join(dir, 'dem', 'site.tif'), join(dir, 'dem', 'site.prj')]);
    expect(asked).toEqual([]);
  });

  it('asks before reading a terrain elsewhere, and grants nothing of it when refused: "/x" no longer opens "/"', async () => {
    const dir = tempDir('reforest-docs-');
    const refused = desktop({ allowRead: false });
    await refused.documents.open(join(dir, 'glen.json'), plan('/x'), 'user');
    expect(refused.asked).toEqual(['read /x']);
    expect(refused.granted).toEqual([join(dir, 'glen.json')]);
    expect(refused.granted).not.toContain('/');
    const allowed = desktop({ allowRead: true });
    await allowed.documents.open(join(dir, 'glen.json'), plan('../elsewhere/site.asc'), 'user');
    expect(allowed.granted).toEqual([join(dir, 'glen.json'), join(dir, '..', 'elsewhere', 'site.asc'), join(dir, '..', 'elsewhere', 'site.prj')].map((p) => join(p)));
  });

  it('opens what another program asks for (a second launch) only if the user agrees, and grants nothing otherwise', async () => {
    const dir = tempDir('reforest-docs-');
    const refused = desktop({ allowOpen: false });
    expect(await refused.documents.open(join(dir, 'glen.json'), plan('site.tif'), 'outside')).toBe(false);
    expect(refused.asked).toEqual([`open ${join(dir, 'glen.json')}`]);
    expect(refused.granted).toEqual([]);
    const agreed = desktop({ allowOpen: true });
    expect(await agreed.documents.open(join(dir, 'glen.json'), plan('site.tif'), 'outside')).toBe(true);
    expect(agreed.granted).toContain(join(dir, 'site.tif'));
  });
});

describe('the host port', () => {
  it('goes only to the main frame of the app page in the app window', () => {
    const mainFrame = { url: 'app://reforest/index.html', parent: null };
    const contents = { mainFrame };
    expect(isPageRequest({ sender: contents, senderFrame: mainFrame }, contents)).toBe(true);
    // A frame inside the page, even of the app's own origin.
    expect(isPageRequest({ sender: contents, senderFrame: { url: 'app://reforest/index.html', parent: mainFrame } }, contents)).toBe(false);
    // Another window's contents, a foreign page, no frame.
    expect(isPageRequest({ sender: {}, senderFrame: mainFrame }, contents)).toBe(false);
    const foreign = { url: 'https://example.org/', parent: null };
    expect(isPageRequest({ sender: contents, senderFrame: foreign }, { mainFrame: foreign })).toBe(false);
    expect(isPageRequest({ sender: contents, senderFrame: null }, contents)).toBe(false);
  });
});

describe('packaged builds', () => {
  it('leave source maps out of the npm package and the desktop packages', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: projectRoot, encoding: 'utf8' })) as { files: { path: string }[] }[];
    const files = packed[0].files.map((f) => f.path);
    expect(files.some((f) => f.startsWith('dist/renderer/'))).toBe(existsSync(join(projectRoot, 'dist', 'renderer')));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')).toMatch(/- "!dist\/\*\*\/\*\.map"/);
  });
});
