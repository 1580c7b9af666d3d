import type { HostApi } from '../../sim/hostApi/api.js';
import type { AppCommand, MenuItemId } from '../../sim/hostApi/desktop.js';
import { showProblems } from '../panels/problemsView.js';
import type { GisController } from './gisController.js';
import { newSiteFiles } from './pickedFiles.js';
import type { PlanFile } from './planFile.js';
import type { PlanOpener } from './planOpener.js';
import type { Sites } from './sites.js';

/** Menu items the page carries out by pressing its own button for them (all but Save and Save As). */
export type ButtonMenuItem = Exclude<MenuItemId, 'save' | 'save-as'>;

export interface DesktopCommandOptions {
  host: HostApi;
  sites: Sites;
  opener: PlanOpener;
  gis: Pick<GisController, 'importFile'>;
  planFile: Pick<PlanFile, 'save'>;
  /** The page's own button for each menu item it carries out by pressing it. */
  menuButtons: Record<ButtonMenuItem, HTMLElement>;
  problems: HTMLElement;
}

/**
 * The desktop app's menus and the files the system hands it: a scenario opened (from the menu, the
 * command line or the file manager) opens as A, a new site and a GIS import go as the page's own
 * pickers would, and each other menu item presses the page's button for it. Commands sent before
 * the page was listening are heard as soon as it is.
 */
export class DesktopCommands {
  private opened = false;

  constructor(private readonly options: DesktopCommandOptions) {
    options.host.onCommand((command) => this.carryOut(command));
  }

  /** Whether the desktop app has opened a scenario or a new site of its own (the default example then stays closed). */
  get openedByCommand(): boolean {
    return this.opened;
  }

  private carryOut(command: AppCommand): void {
    const { sites, opener, gis, planFile, menuButtons, problems } = this.options;
    if (command.type === 'open-scenario' || command.type === 'new-site') this.opened = true;
    switch (command.type) {
      case 'open-scenario':
        void sites.open({ kind: 'file', path: command.path }, command.text).then((opened) => opener.openScenario(opened, command.path.split(/[\\/]/).pop() ?? command.path));
        break;
      case 'new-site': {
        const made = newSiteFiles(command.files);
        if (!made.ok) showProblems(problems, 'No new site', made.problems);
        else void opener.openNewSite({ kind: 'file', path: `${command.folder}/${made.scenarioPath}` }, made);
        break;
      }
      case 'import-gis':
        void gis.importFile(command.fileName, command.data);
        break;
      case 'menu':
        if (command.item === 'save' || command.item === 'save-as') planFile.save(command.item === 'save-as');
        else menuButtons[command.item].click();
        break;
    }
  }
}
