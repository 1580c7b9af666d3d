import { afterAll, afterEach, beforeEach } from 'vitest';
import { closeSharedPool } from '../sim/run/pool.js';
import { removeTempDirs, removeTempDirsSince, tempDirCount } from './helpers.js';

// Temporary folders a test makes are removed when it ends; those a file makes as it loads, shared by
// its tests, when the file is done.
let shared = 0;
beforeEach(() => {
  shared = tempDirCount();
});
afterEach(() => removeTempDirsSince(shared));
afterAll(() => removeTempDirs());
// The simulation threads a file's tests started end with the file, each once its job is done.
afterAll(() => closeSharedPool());
