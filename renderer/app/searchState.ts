import type { SearchState, SearchUpdate } from '../../sim/hostApi/api.js';

/**
 * A search as the page holds it, from the updates the host sends: each update carries only the plans
 * judged since the last and the text of plans new to the front, so the page keeps every plan judged
 * and every front plan's text it has been sent.
 */
export class SearchStateBuilder {
  private points: SearchState['points'] = [];
  private readonly texts = new Map<string, string>();

  /** The whole search once `update` is added to what came before. */
  add(update: SearchUpdate): SearchState {
    const { newPoints, front, ...standing } = update;
    this.points = [...this.points, ...newPoints];
    for (const plan of front) if (plan.text !== undefined) this.texts.set(plan.key, plan.text);
    return {
      ...standing,
      points: this.points,
      front: front.map(({ key, text, ...point }) => {
        const known = text ?? this.texts.get(key);
        if (known === undefined) throw new Error(`the search sent front plan ${key} without its scenario`);
        return { ...point, text: known };
      }),
    };
  }
}
