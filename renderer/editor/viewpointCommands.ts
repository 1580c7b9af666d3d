import type { ScenarioInput } from '../../sim/scenario/schema.js';
import type { EditCommand } from './scenarioDocument.js';

export type ViewpointInput = NonNullable<ScenarioInput['viewpoints']>[number];

/** Keeps a view with the plan under its name, in place of one of the same name (one edit, undone in one step). */
export function saveViewpoint(view: ViewpointInput): EditCommand {
  return {
    label: `save the view "${view.name}"`,
    apply(plan) {
      const views = plan.viewpoints ?? [];
      const at = views.findIndex((v) => v.name === view.name);
      return { ...plan, viewpoints: at < 0 ? [...views, view] : views.map((v, i) => (i === at ? view : v)) };
    },
  };
}

/** Removes the view of that name from the plan. */
export function removeViewpoint(name: string): EditCommand {
  return {
    label: `remove the view "${name}"`,
    apply(plan) {
      const views = (plan.viewpoints ?? []).filter((v) => v.name !== name);
      const { viewpoints: _gone, ...rest } = plan;
      return views.length > 0 ? { ...rest, viewpoints: views } : rest;
    },
  };
}
