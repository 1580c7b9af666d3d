import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// Files that are not what their path promises: a pipe, an endless device, a file far larger than its
// kind can be. Each is refused at once, by what it is, with exit 2 and the file named; none blocks,
// fills memory or is read to its end.
//
// Commands run in this process (`main`, the built core in dist/, as bin/reforest.js runs it), each
// within a time limit. Standard input is read through a real pipe, by the real program, where reading
// it is the point: it is refused once past 16 MiB without waiting for its end, and a plan piped in is
// still read whole.

const bin = join(projectRoot, 'bin/reforest.js');
/** A fresh folder, removed after the test (test/setup.ts). */
const scratch = tempDir;

/** The CLI with a hard time limit: a command that blocks on a pipe fails the test instead of stalling it. */
function reforest(args: string[]) {
  return reforestInProcess(args, { timeLimitMs: 20_000, compiled: true });
}

/** The real program reading `input` through a pipe on its standard input, with the same time limit. */
function reforestPiped(args: string[], input: string | Buffer) {
  const out = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: projectRoot, timeout: 20_000, input, maxBuffer: 64 * 2 ** 20 });
  // Killed by a signal: it blocked, ran past its time or out of memory.
  return { code: out.status, timedOut: out.signal !== null, stdout: out.stdout, stderr: out.stderr };
}

function expectRefused(r: { code: number | null; timedOut: boolean; stderr: string }, message: RegExp): void {
  expect(r.timedOut, 'it blocked, or ran past its time').toBe(false);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

/** The commands that read a scenario, sweep or search file, with what each needs besides it. */
function commandsReading(file: string, dir: string): string[][] {
  return [
    ['validate', file],
    ['run', file, '--quiet'],
    ['compare', file, '--quiet'],
    ['report', file, '--out', join(dir, 'report.html'), '--quiet'],
    ['sweep', file, '--out-dir', join(dir, 'sweep')],
    ['optimise', file, '--out-dir', join(dir, 'search')],
  ];
}

describe('scenario, sweep and search paths that are not regular files', () => {
  it('refuses a FIFO at once in every command that reads one, naming it', async () => {
    const dir = scratch();
    const fifo = join(dir, 'plan.json');
    execFileSync('mkfifo', [fifo]);
    for (const args of commandsReading(fifo, dir)) expectRefused(await reforest(args), /plan\.json: cannot read scenario: is not a regular file \(a pipe, device or socket\)/);
  });

  it('refuses /dev/zero without reading it', async () => {
    const dir = scratch();
    const link = join(dir, 'zero.json');
    symlinkSync('/dev/zero', link);
    for (const args of commandsReading(link, dir)) expectRefused(await reforest(args), /zero\.json: cannot read scenario: is not a regular file/);
  });

  it('refuses a scenario file over 16 MiB by its size', async () => {
    const dir = scratch();
    const file = join(dir, 'huge.json');
    const s = smallScenario({ description: 'x'.repeat(17 * 2 ** 20) });
    writeFileSync(file, JSON.stringify(s));
    expectRefused(await reforest(['validate', file]), /huge\.json: cannot read scenario: is 17\.0 MiB, more than the 16\.0 MiB a scenario, sweep or search file may be/);
  });

  it('refuses standard input once it passes 16 MiB, without waiting for its end', () => {
    const r = reforestPiped(['validate', '-'], Buffer.alloc(20 * 2 ** 20, 0x20));
    expectRefused(r, /standard input is over 16\.0 MiB/);
  });

  it('still reads a scenario from a regular file and from standard input', async () => {
    const dir = scratch();
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(smallScenario()));
    expect((await reforest(['validate', file])).code).toBe(0);
    expect(reforestPiped(['validate', '-'], JSON.stringify(smallScenario())).code).toBe(0);
  });
});

describe('state files in output folders that are pipes', () => {
  it("refuses a FIFO as a sweep's manifest in reforest merge, and as a search's state, naming it", async () => {
    const dir = scratch();
    const shard = join(dir, 'shard');
    execFileSync('mkdir', ['-p', shard]);
    execFileSync('mkfifo', [join(shard, 'sweep.json')]);
    expectRefused(await reforest(['merge', shard, '--out', join(dir, 'results.csv')]), /shard\/sweep\.json: is not a regular file/);
    const out = join(dir, 'search');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('mkfifo', [join(out, 'search.json')]);
    expectRefused(await reforest(['optimise', join(projectRoot, 'assets', 'optimise', 'glen-budget.json'), '--out-dir', out]), /search\/search\.json: is not a regular file/);
  });
});

describe('ASCII grids with more data than their header', () => {
  const header = (cols: number, rows: number) => `ncols ${cols}\nnrows ${rows}\nxllcorner 0\nyllcorner 0\ncellsize 10\n`;

  it('refuses, from the header alone, a file far larger than its cells can fill', async () => {
    const file = join(scratch(), 'dem.asc');
    writeFileSync(file, header(2, 2) + '1 '.repeat(2 ** 20) + '\n');
    expectRefused(await reforest(['terrain-info', file]), /dem\.asc: is 2\.0 MiB, far more than its header's 2 rows × 2 columns can hold/);
  });

  it('stops at the first value past the header\'s cells on a long line, naming the line', async () => {
    const file = join(scratch(), 'dem.asc');
    // Within the size a grid of 16 million cells may take, but one line of 50 million values (100 MB):
    // split whole, it ran for minutes; read no further than the header's cells, it is refused at once.
    writeFileSync(file, header(4000, 4000) + '1 '.repeat(50_000_000) + '\n');
    expectRefused(await reforest(['terrain-info', file]), /dem\.asc line 6: more values than the header's 4000 rows × 4000 columns = 16000000/);
  });
});
