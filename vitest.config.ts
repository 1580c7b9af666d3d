import { defineConfig } from 'vitest/config';
import { ProjectTimes } from './test/support/projectTimes.js';

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    reporters: ['default', 'json', new ProjectTimes()],
    outputFile: { json: 'test-artifacts/vitest-results.json' },
    projects: [
      {
        extends: true,
        test: {
          // The core, the CLI, the hosts, terrain, GIS, the shell and the page's parts in Node: each test
          // answers in seconds, so a test that hangs fails within a minute.
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The page in real Chromium, software-rendered, against the real host: minutes on two cores.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
