import type { MenuItemConstructorOptions } from 'electron';
import type { MenuItemId } from '../../sim/hostApi/desktop.js';

/** What the menus do; the shell wires each to a dialog or to a command for the page. */
export interface MenuActions {
  newSite(): void;
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  importGis(): void;
  /** Items the page carries out (save, undo, exports, reset view). */
  page(item: MenuItemId): void;
  documentation(): void;
  about(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly string[];
  actions: MenuActions;
}

/**
 * The application menu with each platform's conventions: on macOS the app menu (About, Hide, Quit)
 * comes first and the Window menu is the system's; elsewhere File ends with Exit and Help holds About.
 */
export function menuTemplate({ platform, appName, recent, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const page = (item: MenuItemId) => () => actions.page(item);
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Site from DEM…', accelerator: 'CmdOrCtrl+N', click: () => actions.newSite() },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      {
        label: 'Open Recent',
        submenu: [
          ...recent.map((path): MenuItemConstructorOptions => ({ label: path, click: () => actions.openRecent(path) })),
          ...(recent.length ? [{ type: 'separator' } as const] : []),
          { label: 'Clear Menu', enabled: recent.length > 0, click: () => actions.clearRecent() },
        ],
      },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: page('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: page('save-as') },
      { type: 'separator' },
      { label: 'Import GIS…', click: () => actions.importGis() },
      {
        label: 'Export',
        submenu: [
          { label: 'Results (CSV)…', click: page('export-results') },
          { label: 'Summary (CSV)…', click: page('export-summary') },
          { label: 'Trees (CSV)…', click: page('export-trees') },
          { label: 'Trees (GeoJSON)…', click: page('export-geojson') },
          { type: 'separator' },
          { label: 'Plan as GeoJSON…', click: page('export-plan-geojson') },
          { label: 'Plan as GeoPackage…', click: page('export-plan-gpkg') },
          { type: 'separator' },
          { label: 'View (PNG)…', click: page('export-view-png') },
        ],
      },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'E&xit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      // The plan's own undo stack (every edit of zones, fences and properties), not a text field's.
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: page('undo') },
      { label: 'Redo', accelerator: mac ? 'Cmd+Shift+Z' : 'Ctrl+Y', click: page('redo') },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [{ label: 'Reset View', accelerator: 'CmdOrCtrl+0', click: page('reset-view') }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: `${appName} Documentation`, click: () => actions.documentation() }, ...(mac ? [] : [{ label: `About ${appName}`, click: () => actions.about() }])],
  };
  if (!mac) return [file, edit, view, help];
  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { label: `About ${appName}`, click: () => actions.about() },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [appMenu, file, edit, view, { role: 'windowMenu' }, help];
}
