import { describe, expect, it } from 'vitest';
import { niceLength } from '../../renderer/panels/mapOverlay.js';

describe('the map scale bar', () => {
  it('shows the longest round length (1, 2 or 5 times a power of ten) that fits', () => {
    expect([0.7, 1, 1.9, 2, 4.99, 5, 9.9, 10, 140, 260, 999, 1000, 4321].map(niceLength)).toEqual([0.5, 1, 1, 2, 2, 5, 5, 10, 100, 200, 500, 1000, 2000]);
  });
});
