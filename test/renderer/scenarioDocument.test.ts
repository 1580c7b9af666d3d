import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFence, addZone, deleteShape, deleteVertex, editZone, insertVertex, moveShape, moveVertex, setSpeciesMix } from '../../renderer/editor/commands.js';
import { ScenarioDocument } from '../../renderer/editor/scenarioDocument.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { smallScenario } from '../helpers.js';

const square: [number, number][] = [[0, 0], [100, 0], [100, 100], [0, 100]];

describe('the plan document', () => {
  it('changes only by commands, and undo and redo walk their stack', () => {
    const doc = new ScenarioDocument(smallScenario());
    const seen: number[] = [];
    doc.onChange((d) => seen.push(d.plan.plantings.length));
    expect(doc.canUndo).toBe(false);
    doc.execute(addZone(square));
    doc.execute(moveShape({ kind: 'zone', index: 1 }, 10, 5));
    expect(doc.plan.plantings[1].polygon[0]).toEqual([10, 5]);
    expect(doc.undoLabel).toBe('move zone');
    expect(doc.dirty).toBe(true);
    doc.undo();
    expect(doc.plan.plantings[1].polygon[0]).toEqual([0, 0]);
    doc.undo();
    expect(doc.plan.plantings).toHaveLength(1);
    expect(doc.dirty).toBe(false);
    expect(doc.canUndo).toBe(false);
    doc.redo();
    doc.redo();
    expect(doc.plan.plantings[1].polygon[0]).toEqual([10, 5]);
    expect(doc.canRedo).toBe(false);
    // A new edit after an undo drops what could have been redone.
    doc.undo();
    doc.execute(moveVertex({ kind: 'zone', index: 1 }, 2, [120, 130]));
    expect(doc.canRedo).toBe(false);
    expect(doc.plan.plantings[1].polygon[2]).toEqual([120, 130]);
    expect(seen).toEqual([2, 2, 2, 1, 2, 2, 2, 2]);
    // The text is the scenario, ready to save.
    expect((JSON.parse(doc.text) as ScenarioInput).plantings[1].name).toBe('zone 2');
  });

  it('a command that changes nothing is not an edit', () => {
    const doc = new ScenarioDocument(smallScenario());
    doc.execute(moveShape({ kind: 'zone', index: 0 }, 0, 0));
    // The zone has four vertices: the first delete is an edit, the second would leave two and is none.
    doc.execute(deleteVertex({ kind: 'zone', index: 0 }, 0));
    expect(doc.plan.plantings[0].polygon).toHaveLength(3);
    doc.execute(deleteVertex({ kind: 'zone', index: 0 }, 0));
    expect(doc.plan.plantings[0].polygon).toHaveLength(3);
    expect(doc.canUndo).toBe(true);
    doc.undo();
    expect(doc.canUndo).toBe(false);
    // A field committed twice with the same value (a change event, then another as the field loses
    // focus) is one step: one undo goes back to before it.
    doc.execute(editZone(0, { density: 900 }));
    doc.execute(editZone(0, { density: 900 }));
    doc.undo();
    expect(doc.plan.plantings[0].density).toBe(1600);
    expect(doc.canUndo).toBe(false);
  });

  it('a renamed or deleted zone is followed by the fences that protect it', () => {
    const doc = new ScenarioDocument(smallScenario());
    doc.execute(addFence(square, true));
    doc.execute(editZoneProtects());
    doc.execute(editZone(0, { name: 'north' }));
    expect(doc.plan.fences![0].protects).toEqual(['north']);
    doc.execute(deleteShape({ kind: 'zone', index: 0 }));
    expect(doc.plan.fences![0].protects).toEqual([]);
    doc.execute(insertVertex({ kind: 'fence', index: 0 }, 0, [50, -10]));
    expect(doc.plan.fences![0].path[1]).toEqual([50, -10]);
  });

  it('a species chosen twice in a mix is one entry with both shares', () => {
    const doc = new ScenarioDocument(smallScenario());
    doc.execute(setSpeciesMix(0, [{ species: 'rowan', share: 30 }, { species: 'downy_birch', share: 40 }, { species: 'rowan', share: 30 }]));
    expect(doc.plan.plantings[0].species).toEqual([{ species: 'rowan', fraction: 0.6 }, { species: 'downy_birch', fraction: 0.4 }]);
  });

  it('a species mix always adds up to exactly 1', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 }), (shares) => {
        fc.pre(shares.some((s) => s > 0));
        const doc = new ScenarioDocument(smallScenario());
        doc.execute(setSpeciesMix(0, shares.map((share, i) => ({ species: `s${i}`, share }))));
        const mix = doc.plan.plantings[0].species;
        expect(mix.every((m) => m.fraction > 0)).toBe(true);
        expect(Math.abs(mix.reduce((a, m) => a + m.fraction, 0) - 1)).toBeLessThan(1e-9);
        expect(mix).toHaveLength(shares.filter((s) => s > 0).length);
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
});

function editZoneProtects() {
  return { label: 'protect', apply: (plan: Readonly<ScenarioInput>): ScenarioInput => ({ ...plan, fences: plan.fences!.map((f) => ({ ...f, protects: [plan.plantings[0].name] })) }) };
}
