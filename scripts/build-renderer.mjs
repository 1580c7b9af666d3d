#!/usr/bin/env node
// Bundles the UI page (renderer/) into dist/renderer: one ES module with Babylon.js and d3, plus the
// HTML and CSS. Both hosts serve these files unchanged.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'renderer');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'renderer', 'app', 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
// The stylesheet imports each part's own CSS (charts, panels); esbuild inlines them.
await build({
  entryPoints: [join(root, 'renderer', 'styles.css')],
  outfile: join(out, 'styles.css'),
  bundle: true,
  minify: true,
  logLevel: 'warning',
});
copyFileSync(join(root, 'renderer', 'index.html'), join(out, 'index.html'));
