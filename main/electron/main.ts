// The desktop app's main process: one window showing the page from app://reforest, its host session
// over a MessagePort, simulations on worker threads of this process, native menus and file dialogs.
import { BrowserWindow, MessageChannelMain, Menu, app, dialog, ipcMain, protocol, screen, session, shell } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetPath } from '../../sim/assets.js';
import type { SaveResult } from '../../sim/hostApi/api.js';
import type { AppCommand, MenuItemId } from '../../sim/hostApi/desktop.js';
import { MAX_GIS_BYTES, MAX_SCENARIO_BYTES } from '../../sim/shared/fileLimits.js';
import { writeFileAtomic } from '../../sim/output/atomic.js';
import { HostService } from '../session/hostService.js';
import type { HostSession } from '../session/hostSession.js';
import { type HostPort, servePort } from '../session/portSession.js';
import { APP_SCHEME, PAGE_URL, serveAppRequest } from './appProtocol.js';
import { HOST_PORT_CHANNEL, REQUEST_PORT_CHANNEL } from './channels.js';
import { scenarioArgument } from './launchArgs.js';
import { menuTemplate } from './menu.js';
import { RecentFiles } from './recentFiles.js';
import { DesktopDocuments, type OpenedBy } from './documents.js';
import { isPageRequest, lockDownContents, lockDownSession } from './security.js';
import { placeWindow, readWindowState, writeWindowState } from './windowState.js';

const here = dirname(fileURLToPath(import.meta.url));
const pageRoot = join(here, '..', '..', 'renderer');
const APP_NAME = 'Reforest';
const DEM_EXTENSIONS = ['tif', 'tiff', 'asc'];
const GIS_EXTENSIONS = ['geojson', 'json', 'kml', 'zip', 'gpkg'];

app.setName(APP_NAME);
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// One instance at a time: a second launch hands its scenario file to the first and quits.
if (!app.requestSingleInstanceLock()) app.quit();
else void start();

async function start(): Promise<void> {
  const version = app.getVersion();
  const service = new HostService({ examplesDir: assetPath('scenarios'), workingDir: app.getPath('documents'), readableRoots: [assetPath('scenarios')] });
  const hostRuns = new Set<string>();
  const recent = new RecentFiles(join(app.getPath('userData'), 'recent-files.json'));
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  let window: BrowserWindow | null = null;
  let pageSession: HostSession | null = null;
  /** Commands asked for before the page has connected (a file named on the command line). */
  const queued: AppCommand[] = [];
  let closing = false;
  const documents = new DesktopDocuments({
    documentsDir: app.getPath('documents'),
    grantRead: (file) => service.grantRead(file),
    write: writeFileAtomic,
    dialogs: {
      saveTo: async ({ title, defaultPath, extension }) => {
        const picked = await dialog.showSaveDialog(window!, { title, defaultPath, filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [] });
        return picked.canceled || !picked.filePath ? null : picked.filePath;
      },
      allowRead: async (scenario, file) =>
        (
          await dialog.showMessageBox(window!, {
            type: 'question',
            buttons: ['Allow', 'Do Not Allow'],
            defaultId: 1,
            cancelId: 1,
            message: `${basename(scenario)} reads its elevation model from outside its own folder.`,
            detail: `Allow it to read ${file}?`,
          })
        ).response === 0,
      allowOpen: async (path) =>
        (
          await dialog.showMessageBox(window!, {
            type: 'question',
            buttons: ['Open', 'Cancel'],
            defaultId: 1,
            cancelId: 1,
            message: `Another program asked Reforest to open ${basename(path)}.`,
            detail: `Open ${path}?`,
          })
        ).response === 0,
    },
  });

  const send = (command: AppCommand) => (pageSession ? pageSession.command(command) : queued.push(command));
  const setMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          platform: process.platform,
          appName: APP_NAME,
          recent: recent.list(),
          actions: {
            newSite: () => void newSite(),
            open: () => void openDialog(),
            openRecent: (path) => void openScenario(path, 'user'),
            clearRecent: () => void recent.clear().then(setMenu),
            importGis: () => void importGis(),
            page: (item: MenuItemId) => send({ type: 'menu', item }),
            documentation: () => void shell.openPath(assetPath('..', 'README.md')),
            about: () => app.showAboutPanel(),
          },
        }),
      ),
    );

  /** Asks before the open plan's unsaved edits are lost; true to go on. */
  const mayDiscard = (doing: string): boolean => {
    if (!window || !documents.dirty) return true;
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: [`Discard Changes and ${doing}`, 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: `${documents.title || 'The plan'} has unsaved changes.`,
      detail: 'Save it first (File ▸ Save) to keep them.',
    });
    return choice === 0;
  };

  /** Opens a scenario: picked by the user in the app (`user`), or asked for by another program or the system (`outside`). */
  const openScenario = async (path: string, by: OpenedBy): Promise<void> => {
    if (!mayDiscard('Open')) return;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a regular file');
      if (info.size > MAX_SCENARIO_BYTES) throw new Error(`is ${(info.size / 2 ** 20).toFixed(0)} MiB; a scenario file is at most ${MAX_SCENARIO_BYTES / 2 ** 20} MiB`);
      const text = await readFile(path, 'utf8');
      // What it may read: itself and the DEM beside it; the user is asked about anything else (documents.ts).
      if (!(await documents.open(path, text, by))) return;
      await recent.add(path);
      setMenu();
      app.addRecentDocument(path);
      send({ type: 'open-scenario', path, text });
    } catch (err) {
      await recent.remove(path);
      setMenu();
      dialog.showErrorBox('Cannot open the scenario', `${path}: ${(err as Error).message}`);
    }
  };

  const openDialog = async () => {
    const picked = await dialog.showOpenDialog(window!, { title: 'Open Scenario', properties: ['openFile'], filters: [{ name: 'Reforest scenarios', extensions: ['json'] }] });
    if (!picked.canceled && picked.filePaths[0]) await openScenario(picked.filePaths[0], 'user');
  };

  const newSite = async () => {
    if (!mayDiscard('Start a New Site')) return;
    const picked = await dialog.showOpenDialog(window!, { title: 'New Site from DEM', properties: ['openFile'], filters: [{ name: 'Elevation models', extensions: DEM_EXTENSIONS }] });
    const dem = picked.filePaths[0];
    if (picked.canceled || !dem) return;
    const folder = dirname(dem);
    // The DEM the user picked, and the .prj beside it: nothing else of its folder.
    const prj = join(folder, `${basename(dem, extname(dem))}.prj`);
    service.grantRead(dem);
    service.grantRead(prj);
    const files = [{ name: basename(dem), size: (await stat(dem)).size }];
    const prjInfo = await stat(prj).catch(() => null);
    if (prjInfo?.isFile()) files.push({ name: basename(prj), size: prjInfo.size });
    send({ type: 'new-site', folder, files });
  };

  const importGis = async () => {
    const picked = await dialog.showOpenDialog(window!, { title: 'Import Zones and Fences', properties: ['openFile'], filters: [{ name: 'GIS files', extensions: GIS_EXTENSIONS }] });
    const file = picked.filePaths[0];
    if (picked.canceled || !file) return;
    const info = await stat(file);
    if (info.size > MAX_GIS_BYTES) {
      dialog.showErrorBox('Cannot import', `${file} is ${(info.size / 2 ** 20).toFixed(0)} MiB; zones and fences come in at most ${MAX_GIS_BYTES / 2 ** 20} MiB.`);
      return;
    }
    send({ type: 'import-gis', fileName: basename(file), data: new Uint8Array(await readFile(file)) });
  };

  /** Saves what the page made where the user chose (documents.ts); a saved scenario joins the recent files. */
  const saveFile = async (fileName: string, mimeType: string, data: string | Uint8Array, options: { saveAs: boolean }): Promise<SaveResult> => {
    const result = await documents.save(fileName, mimeType, data, options);
    if (result.saved && mimeType === 'application/json') {
      await recent.add(result.location);
      setMenu();
    }
    return result;
  };

  // The page asks for its port once loaded (and again after a reload, which ends the old session).
  ipcMain.on(REQUEST_PORT_CHANNEL, (event) => {
    if (!window || !isPageRequest(event, window.webContents)) return;
    pageSession?.dispose();
    const { port1, port2 } = new MessageChannelMain();
    pageSession = servePort(port1 as unknown as HostPort, {
      service,
      kind: 'electron',
      version,
      hostRuns,
      desktop: {
        saveFile,
        documentState: (state) => {
          documents.pageState(state);
          window?.setTitle(`${state.title || 'Untitled'}${state.dirty ? ' •' : ''} — ${APP_NAME}`);
          window?.setDocumentEdited(state.dirty);
        },
      },
    });
    event.sender.postMessage(HOST_PORT_CHANNEL, null, [port2]);
    for (const command of queued.splice(0)) pageSession.command(command);
  });

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('second-instance', (_event, argv, cwd) => {
    // Any local program can launch the app a second time: what it names is opened only if the user agrees.
    const file = scenarioArgument(argv, cwd);
    if (file) void openScenario(file, 'outside');
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  // macOS hands files opened from the Finder (or dropped on the Dock icon) to this event.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openScenario(path, 'outside');
  });
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(pageRoot, request));
  lockDownSession(session.defaultSession);
  app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: version, copyright: 'MIT licence' });
  setMenu();

  const saved = readWindowState(stateFile);
  window = new BrowserWindow({
    ...placeWindow(saved, screen.getAllDisplays().map((d) => d.workArea)),
    title: APP_NAME,
    show: false,
    backgroundColor: '#dfe6ea',
    // Electron's security checklist: the page isolated from its preload, sandboxed, without Node,
    // unable to run insecure content or open windows by middle-click.
    webPreferences: {
      // Reviewed: the preload (preload.ts) exposes only requestHostPort and the platform, no Node or IPC.
      preload: join(here, 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window?.show());
  window.on('close', (event) => {
    if (!window) return;
    if (!closing && !mayDiscard('Quit')) {
      event.preventDefault();
      return;
    }
    closing = true;
    void writeWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  });
  window.on('closed', () => {
    pageSession?.dispose();
    pageSession = null;
    window = null;
    void service.dispose();
  });
  await window.loadURL(PAGE_URL);
  // A file named at launch: the user opened it with the app (a double-click), or a program did; asked, as above.
  const file = scenarioArgument(process.argv, process.cwd());
  if (file) await openScenario(file, 'outside');
}
