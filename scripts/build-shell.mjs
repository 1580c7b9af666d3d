#!/usr/bin/env node
// Bundles the desktop shell's preload into dist/main/electron/preload.cjs: a sandboxed preload is a
// single CommonJS file that may require only Electron's renderer modules.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'main', 'electron', 'preload.ts')],
  outfile: join(root, 'dist', 'main', 'electron', 'preload.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  external: ['electron'],
  logLevel: 'warning',
});
