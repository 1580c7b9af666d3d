import { afterAll, afterEach, beforeEach } from 'vitest';
import { removeTempDirs, removeTempDirsSince, tempDirCount } from './helpers.js';

// Temporary folders a test makes are removed when it ends; those a file makes as it loads, shared by
// its tests, when the file is done.
let shared = 0;
beforeEach(() => {
  shared = tempDirCount();
});
afterEach(() => removeTempDirsSince(shared));
afterAll(() => removeTempDirs());
