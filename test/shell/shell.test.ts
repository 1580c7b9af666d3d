// The desktop shell's parts that need no Electron binary: the app:// page server, the security
// policies on a stand-in session and contents, the menus, recent files, window placement, launch
// arguments and the npm start launcher's search for Electron.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MenuItemConstructorOptions, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { pageCsp } from '../../main/session/pageCsp.js';
import { PAGE_URL, pageFile, serveAppRequest } from '../../main/electron/appProtocol.js';
import { scenarioArgument } from '../../main/electron/launchArgs.js';
import { menuTemplate, type MenuActions } from '../../main/electron/menu.js';
import { RecentFiles } from '../../main/electron/recentFiles.js';
import { isAppUrl, lockDownContents, lockDownSession } from '../../main/electron/security.js';
import { placeWindow } from '../../main/electron/windowState.js';
import { electronBinary } from '../../main/start.js';
import type { MenuItemId } from '../../sim/hostApi/desktop.js';
import { tempDir } from '../helpers.js';

function builtPage(): string {
  const dir = tempDir('reforest-app-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Reforest</title><script type="module" src="app.js"></script>');
  writeFileSync(join(dir, 'app.js'), 'export {};');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'x.css'), 'body{}');
  return dir;
}

describe('app:// page server', () => {
  it('serves the built page with the CSP and refuses everything else', async () => {
    const root = builtPage();
    const index = await serveAppRequest(root, new Request(PAGE_URL));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toBe(pageCsp());
    expect(await index.text()).toContain('<title>Reforest</title>');
    expect((await serveAppRequest(root, new Request('app://reforest/sub/x.css'))).headers.get('content-type')).toMatch(/^text\/css/);
    for (const url of ['app://reforest/../etc/passwd', 'app://reforest/%2e%2e/%2e%2e/etc/passwd', 'app://other/index.html', 'app://reforest/missing.js', 'app://reforest/%E0%A4%A']) {
      expect((await serveAppRequest(root, new Request(url))).status, url).toBe(404);
    }
    expect(pageFile(root, 'file:///etc/passwd')).toBeNull();
    expect((await serveAppRequest(root, new Request(PAGE_URL, { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});

describe('security policies', () => {
  it('denies permissions, blocks remote requests and puts the page CSP on every response', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      webRequest: { onBeforeRequest: (h: never) => (handlers.before = h), onHeadersReceived: (h: never) => (handlers.headers = h) },
    } as unknown as Session;
    lockDownSession(session);
    let granted: boolean | null = null;
    (handlers.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect((handlers.check as () => boolean)()).toBe(false);
    const cancelled = (url: string) => {
      let c: boolean | undefined;
      (handlers.before as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url }, (r) => (c = r.cancel));
      return c;
    };
    expect(cancelled('app://reforest/app.js')).toBe(false);
    expect(cancelled('blob:app://reforest/1234')).toBe(false);
    expect(cancelled('https://example.com/x.js')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    let headers: Record<string, string[]> = {};
    (handlers.headers as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)({ responseHeaders: { 'X-A': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([pageCsp()]);
    expect(headers['X-A']).toEqual(['1']);
  });

  it('refuses navigation away from the page, redirects, webviews and new windows', () => {
    const on: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (name: string, h: (typeof on)[string]) => (on[name] = h),
      setWindowOpenHandler: (h: () => { action: string }) => (openHandler = h),
      getURL: () => 'app://reforest/index.html',
    } as unknown as WebContents;
    lockDownContents(contents);
    const prevented = (name: string, url?: string) => {
      let p = false;
      on[name]({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'app://reforest/other.html')).toBe(true);
    expect(prevented('will-navigate', 'app://reforest/index.html')).toBe(false);
    expect(prevented('will-redirect', 'app://reforest/index.html')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
    expect(isAppUrl('app://reforest/x')).toBe(true);
    expect(isAppUrl('app://evil/x')).toBe(false);
  });
});

describe('menus', () => {
  const done: string[] = [];
  const actions: MenuActions = {
    newSite: () => done.push('new-site'),
    open: () => done.push('open'),
    openRecent: (p) => done.push(`recent:${p}`),
    clearRecent: () => done.push('clear'),
    importGis: () => done.push('import'),
    page: (item: MenuItemId) => done.push(`page:${item}`),
    documentation: () => done.push('docs'),
    about: () => done.push('about'),
  };
  const item = (menu: MenuItemConstructorOptions[], ...labels: string[]): MenuItemConstructorOptions => {
    let items = menu;
    let found: MenuItemConstructorOptions | undefined;
    for (const label of labels) {
      found = items.find((m) => m.label?.replace('&', '') === label);
      if (!found) throw new Error(`no menu item ${labels.join(' ▸ ')}`);
      items = (found.submenu as MenuItemConstructorOptions[]) ?? [];
    }
    return found!;
  };
  const click = (m: MenuItemConstructorOptions) => (m.click as unknown as () => void)();

  it('follows each platform: the app menu and Window menu on macOS, Exit and About elsewhere', () => {
    const mac = menuTemplate({ platform: 'darwin', appName: 'Reforest', recent: [], actions });
    expect(mac.map((m) => m.label ?? m.role)).toEqual(['Reforest', '&File', '&Edit', '&View', 'windowMenu', 'help']);
    expect((mac[0].submenu as MenuItemConstructorOptions[]).some((m) => m.role === 'quit')).toBe(true);
    expect((item(mac, 'File').submenu as MenuItemConstructorOptions[]).some((m) => m.role === 'quit')).toBe(false);
    const linux = menuTemplate({ platform: 'linux', appName: 'Reforest', recent: [], actions });
    expect(linux.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', 'help']);
    expect((item(linux, 'File').submenu as MenuItemConstructorOptions[]).at(-1)?.role).toBe('quit');
    expect(item(linux, 'Edit', 'Redo').accelerator).toBe('Ctrl+Y');
    expect(item(mac, 'Edit', 'Redo').accelerator).toBe('Cmd+Shift+Z');
  });

  it('wires File, Edit, View and Help to their actions', () => {
    const menu = menuTemplate({ platform: 'win32', appName: 'Reforest', recent: ['/data/glen.json'], actions });
    done.length = 0;
    click(item(menu, 'File', 'New Site from DEM…'));
    click(item(menu, 'File', 'Open…'));
    click(item(menu, 'File', 'Open Recent', '/data/glen.json'));
    click(item(menu, 'File', 'Save'));
    click(item(menu, 'File', 'Save As…'));
    click(item(menu, 'File', 'Import GIS…'));
    click(item(menu, 'File', 'Export', 'Results (CSV)…'));
    click(item(menu, 'File', 'Export', 'View (PNG)…'));
    click(item(menu, 'Edit', 'Undo'));
    click(item(menu, 'Edit', 'Redo'));
    click(item(menu, 'View', 'Reset View'));
    click(item(menu, 'File', 'Open Recent', 'Clear Menu'));
    expect(done).toEqual(['new-site', 'open', 'recent:/data/glen.json', 'page:save', 'page:save-as', 'import', 'page:export-results', 'page:export-view-png', 'page:undo', 'page:redo', 'page:reset-view', 'clear']);
    expect(item(menu, 'View').submenu).toContainEqual({ role: 'togglefullscreen' });
    expect(menuTemplate({ platform: 'linux', appName: 'Reforest', recent: [], actions }).length).toBe(4);
    expect(item(menuTemplate({ platform: 'linux', appName: 'Reforest', recent: [], actions }), 'File', 'Open Recent', 'Clear Menu').enabled).toBe(false);
  });
});

describe('recent files, window placement, launch arguments', () => {
  it('keeps recent files newest first, without repeats, across launches', async () => {
    const file = join(tempDir(), 'recent.json');
    const recent = new RecentFiles(file, 3);
    for (const p of ['/a.json', '/b.json', '/a.json', '/c.json', '/d.json']) await recent.add(p);
    expect(recent.list()).toEqual(['/d.json', '/c.json', '/a.json']);
    expect(new RecentFiles(file, 3).list()).toEqual(['/d.json', '/c.json', '/a.json']);
    await recent.remove('/c.json');
    expect(new RecentFiles(file).list()).toEqual(['/d.json', '/a.json']);
    writeFileSync(file, '{ not json');
    expect(new RecentFiles(file).list()).toEqual([]);
    await recent.clear();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('reopens the window where it was, unless that display has gone', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(placeWindow({ bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: false }, screen)).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
    // Half off the right edge: pulled back on.
    expect(placeWindow({ bounds: { x: 1000, y: 50, width: 1200, height: 800 }, maximized: false }, screen)).toEqual({ x: 720, y: 50, width: 1200, height: 800 });
    // On a second monitor that is no longer there: default size, placed by the system.
    expect(placeWindow({ bounds: { x: 2500, y: 50, width: 1200, height: 800 }, maximized: false }, screen)).toEqual({ width: 1200, height: 800 });
    expect(placeWindow(null, screen)).toEqual({ width: 1400, height: 900 });
  });

  it('finds the scenario a launch names, past Electron switches', () => {
    expect(scenarioArgument(['/opt/Reforest/reforest', '--no-sandbox', 'plans/glen.json'], '/home/u')).toBe('/home/u/plans/glen.json');
    expect(scenarioArgument(['/opt/Reforest/reforest', '.', '--enable-logging'], '/home/u')).toBeNull();
    expect(scenarioArgument(['electron', '/abs/x.JSON'], '/home/u')).toBe('/abs/x.JSON');
  });

  it('npm start says why the desktop app cannot open when Electron has no binary', () => {
    const before = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    process.env.ELECTRON_OVERRIDE_DIST_PATH = join(tempDir(), 'no-electron-here');
    try {
      const found = electronBinary();
      expect('missing' in found && found.missing).toMatch(/no-electron-here.*is missing/);
    } finally {
      if (before === undefined) delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
      else process.env.ELECTRON_OVERRIDE_DIST_PATH = before;
    }
  });
});
