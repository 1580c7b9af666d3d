import { describe, expect, it } from 'vitest';
import { makeProgress } from '../../sim/cli/progress.js';

describe('progress on standard error', () => {
  it('draws a bar with percentage and ETA on a terminal, redrawing in place', () => {
    let clock = 0;
    const out: string[] = [];
    const p = makeProgress('auto', (t) => out.push(t), true, () => clock);
    clock = 1000;
    p.update(25, 100, '1/4 replicates');
    clock = 2000;
    p.update(50, 100, '2/4 replicates');
    p.finish();
    expect(out[0]).toMatch(/^\r\[#{8}\.{22}\] {2}25% {2}1\/4 replicates {2}ETA 0:03/);
    expect(out[1]).toMatch(/^\r\[#{15}\.{15}\] {2}50% {2}2\/4 replicates {2}ETA 0:02/);
    expect(out.at(-1)).toBe('\n');
  });

  it('is silent when not a terminal in auto mode, and writes JSON lines in json mode', () => {
    const quiet: string[] = [];
    makeProgress('auto', (t) => quiet.push(t), false).update(1, 2, 'x');
    expect(quiet).toEqual([]);
    let clock = 0;
    const lines: string[] = [];
    const p = makeProgress('json', (t) => lines.push(t), true, () => clock);
    clock = 4000;
    p.update(1, 4, 'a');
    p.update(1, 4, 'a');
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0])).toEqual({ type: 'progress', done: 1, total: 4, fraction: 0.25, detail: 'a', elapsed_s: 4, eta_s: 12 });
  });
});
