#!/usr/bin/env node
// Keeps code grouped by where it runs: the simulation core (sim/) uses neither Electron nor the DOM,
// the UI page (renderer/) uses no Node built-ins and reaches the core only through types and the host
// API, and only the hosts (main/) import Electron. Exits 1 listing every import that crosses a line.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const domGlobals = /\b(document|window|navigator|HTMLElement|localStorage|requestAnimationFrame)\s*[.(]/;

const problems = [];

function* sourceFiles(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts')) yield full;
  }
}

const importRe = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(importRe)) out.push({ spec: m[3] ?? m[4], typeOnly: Boolean(m[2]) });
  return out;
}

// Core modules the page may run: plain data, encoding and arithmetic with no Node built-ins, importing
// code only from one another (checked below), so they behave the same in the browser.
const neutralModules = [
  'sim/host/wire.ts',
  'sim/host/webProtocol.ts',
  'sim/results/metrics.ts',
  'sim/results/result.ts',
  'sim/results/csvCell.ts',
  'sim/geometry/polygon.ts',
  'sim/strategy/compare.ts',
  'sim/strategy/spec.ts',
];
function isNeutral(target) {
  const rel = relative(root, target).split(sep).join('/').replace(/\.js$/, '.ts');
  return neutralModules.includes(rel);
}
for (const rel of neutralModules) {
  const text = readFileSync(join(root, rel), 'utf8');
  for (const { spec, typeOnly } of importsOf(text)) {
    if (typeOnly) continue;
    if (!spec.startsWith('.') || !isNeutral(resolve(dirname(join(root, rel)), spec))) {
      problems.push(`${rel}: imports "${spec}"; modules the page runs may import code only from one another`);
    }
  }
}

function layerOf(file) {
  return relative(root, file).split(sep)[0];
}

for (const layer of ['sim', 'renderer', 'main']) {
  for (const file of sourceFiles(join(root, layer))) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    for (const { spec, typeOnly } of importsOf(text)) {
      const target = spec.startsWith('.') ? layerOf(resolve(dirname(file), spec)) : null;
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (layer !== 'main') problems.push(`${rel}: imports "${spec}"; only main/ may use Electron`);
      }
      if (layer === 'sim' && (target === 'renderer' || target === 'main')) {
        problems.push(`${rel}: imports "${spec}" from ${target}/; the core depends on nothing above it`);
      }
      if (layer === 'renderer') {
        if (nodeBuiltins.has(spec)) problems.push(`${rel}: imports Node built-in "${spec}"; the page runs in a browser`);
        if (target === 'main') problems.push(`${rel}: imports "${spec}" from main/; use the host API`);
        if (target === 'sim' && !typeOnly && !isNeutral(resolve(dirname(file), spec))) {
          problems.push(`${rel}: imports "${spec}" from sim/ as code; the page may only import types, and code only from ${neutralModules.join(', ')}`);
        }
      }
    }
    if (layer === 'sim' && domGlobals.test(text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''))) {
      problems.push(`${rel}: uses a DOM global; the core runs without a DOM`);
    }
  }
}

if (problems.length > 0) {
  console.error(`Layering check failed (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('Layering check passed: sim/ has no Electron or DOM, renderer/ no Node, Electron only in main/.');
