/**
 * What only the desktop app has: its window's document state, the commands its menus and the system
 * send the page, and the bridge its preload gives the page. The web host has none of these; the host
 * API (api.ts) names them only in the two calls that carry them.
 */

/** The open plan as the desktop window shows it: its name in the title bar, and unsaved edits. */
export interface DocumentState {
  title: string;
  dirty: boolean;
  /** The file the plan was opened from or last saved to by the desktop app, which its Save writes. */
  path?: string;
}

/** What the desktop app's menus and the system ask the page to do. */
export type AppCommand =
  /** File ▸ Open…, Open Recent, a file on the command line or opened from the file manager. */
  | { type: 'open-scenario'; path: string; text: string }
  /** File ▸ New site from DEM…: the elevation model (with its .prj beside it, if any), in `folder`. */
  | { type: 'new-site'; folder: string; files: { name: string; size: number }[] }
  /** File ▸ Import GIS…: the file's bytes, read by the shell. */
  | { type: 'import-gis'; fileName: string; data: Uint8Array }
  | { type: 'menu'; item: MenuItemId };

/** Menu items the page carries out itself. */
export type MenuItemId =
  | 'save'
  | 'save-as'
  | 'undo'
  | 'redo'
  | 'reset-view'
  | 'export-results'
  | 'export-summary'
  | 'export-trees'
  | 'export-geojson'
  | 'export-plan-geojson'
  | 'export-plan-gpkg'
  | 'export-view-png';

/**
 * All the desktop shell's preload gives the page (through contextBridge): nothing of Node or Electron,
 * only a way to ask for its MessagePort to the host, which arrives as a window message
 * (HOST_PORT_MESSAGE) carrying the port.
 */
export interface DesktopBridge {
  readonly platform: string;
  requestHostPort(): void;
}
