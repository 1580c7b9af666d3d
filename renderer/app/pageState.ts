import type { ForestScene } from '../scene/sceneView.js';
import type { RunView } from './runController.js';

/** Where the page is, for people and for automation (the end-to-end tests and the benchmark read it). */
export interface PageState {
  status: 'starting' | 'idle' | 'running' | 'error';
  runs: { key: string; status: string; runId: string; years: number; frames: number; trees: number }[];
  year: number;
  firstFrameMs: number | null;
  /** Edited versions of the plan the host has checked and the map now shows. */
  editedPlanChecks: number;
  stats(): ReturnType<ForestScene['stats']>;
  /** Where a ground point (terrain coordinates) shows on the canvas, in CSS pixels. */
  screenPoint(x: number, y: number): [number, number] | null;
  /** The ground point (terrain coordinates) under a canvas point in CSS pixels, or null off the site. */
  groundPoint(x: number, y: number): [number, number] | null;
  /** The view as a plan's viewpoint keeps it: target, heading, pitch and distance. */
  currentView(): ReturnType<ForestScene['currentView']>;
}

declare global {
  interface Window {
    reforestPage?: PageState;
  }
}

/**
 * The page's state, starting, set where automation reads it (`window.reforestPage`). Its fields are
 * plain data, written by the parts of the page as they change; the functions ask the 3D view.
 */
export function publishPageState(scene: ForestScene): PageState {
  const state: PageState = {
    status: 'starting',
    runs: [],
    year: 0,
    firstFrameMs: null,
    editedPlanChecks: 0,
    stats: () => scene.stats(),
    screenPoint: (x, y) => scene.screenPoint(x, y),
    groundPoint: (x, y) => scene.groundPoint(x, y),
    currentView: () => scene.currentView(),
  };
  window.reforestPage = state;
  return state;
}

/** The runs held, A first, as the page's state lists them: years asked for, frames and trees received. */
export function runStates(views: readonly RunView[]): PageState['runs'] {
  return views.map((r) => ({ key: r.key, status: r.status, runId: r.runId, years: r.site.years, frames: r.frames.lastYear + 1, trees: r.frames.count }));
}
