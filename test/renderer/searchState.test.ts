import { describe, expect, it } from 'vitest';
import type { SearchPoint, SearchUpdate } from '../../sim/hostApi/api.js';
import { SearchStateBuilder } from '../../renderer/app/searchState.js';

const point = (cost: number): SearchPoint => ({ labels: [`c${cost}`], cost, costPerHa: cost / 10, objective: cost * 2, objectiveMean: cost * 2, feasible: true });
const standing = { generations: 2, genes: ['fence:a'], objective: 'carbon', currency: 'GBP', csv: '', baseName: 'plan' };

describe('a search as the page holds it', () => {
  it('adds up the plans judged and keeps each front plan\'s text from the update that first sent it', () => {
    const search = new SearchStateBuilder();
    const first: SearchUpdate = {
      ...standing,
      generation: 0,
      newPoints: [point(1), point(2)],
      front: [{ ...point(1), key: 'a', text: '{"plan":1}' }],
    };
    const second: SearchUpdate = {
      ...standing,
      generation: 1,
      newPoints: [point(3)],
      front: [
        { ...point(1), key: 'a' },
        { ...point(3), key: 'b', text: '{"plan":3}' },
      ],
    };
    expect(search.add(first).points).toHaveLength(2);
    const state = search.add(second);
    expect(state.generation).toBe(1);
    expect(state.points.map((p) => p.cost)).toEqual([1, 2, 3]);
    expect(state.front.map((p) => p.text)).toEqual(['{"plan":1}', '{"plan":3}']);
    expect(state.front[0]).not.toHaveProperty('key');
  });

  it('refuses a front plan whose text it was never sent', () => {
    const search = new SearchStateBuilder();
    expect(() => search.add({ ...standing, generation: 0, newPoints: [], front: [{ ...point(1), key: 'x' }] })).toThrow(/front plan x/);
  });
});
