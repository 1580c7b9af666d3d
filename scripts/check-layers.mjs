#!/usr/bin/env node
// Keeps code grouped by where it runs: the simulation core (sim/) uses neither Electron nor the DOM,
// and its folders import only from folders ranked below them; the UI page (renderer/) uses no Node
// built-ins and reaches the core through its types, the host API and the code in sim/shared/; only
// the hosts (main/) import Electron. Exits 1 listing every import that crosses a line.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const domGlobals = /\b(document|window|navigator|HTMLElement|localStorage|requestAnimationFrame)\s*[.(]/;

const problems = [];

function* sourceFiles(dir, { declarations = false } = {}) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full, { declarations });
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name) && (declarations || !name.endsWith('.d.ts'))) yield full;
  }
}

const importRe = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(importRe)) out.push({ spec: m[3] ?? m[4], typeOnly: Boolean(m[2]) });
  return out;
}

// The folders of sim/ (and the files at its top), lowest first. A folder imports, code or types, only
// from itself and from folders below it, so each can be read and changed knowing only what lies
// beneath it. A folder added to sim/ needs a place here.
const simRanks = [
  // Code the page runs as well as the core: the encoding of host messages, the yearly metrics and a
  // run's results, CSV cells, plane geometry, protection strategies and their comparison, file limits,
  // the desktop port's message. No Node built-ins, and imports only from one another (checked below).
  'shared',
  'random', // seeded random streams
  'assets.ts', // where the bundled assets lie
  'library', // the parameter library's format: species, herbivore kinds, fence types, processes, costs
  'terrain', // elevation models read, made and derived
  'scenario', // the scenario format, its limits and problems; a scenario loaded with its library and terrain
  'results', // what a run yields besides its metrics: frames, the final trees, carbon units
  'model', // one replicate year by year, and what a site can grow before any run
  'run', // runs of many replicates, on worker threads
  'output', // result files: CSV, GeoJSON, comparisons
  'strategy', // a plan under protection strategies
  'sweep', // sweeps of scenario variants
  'optimise', // searches of plans
  'gis', // GIS files of zones and fences, in and out
  'survey', // field surveys of a planting: their format, reading and checks, and what their plots find
  'forecast', // a forecast conditioned on a survey: site draws weighed by how well they reproduce it
  'hostApi', // the host API: the calls the page makes, their arguments and the desktop app's messages
  'pageViews', // the views of sites, plans, bills and the library the hosts send the page
  'report', // the HTML and PDF report
  'validation', // the model validation report
  'bench', // the speed figures
  'cli', // the command line
  // Declarations of packages that ship without types: reached by the package's name, never by path,
  // they may describe a package in the terms of the code that uses it.
  'types',
];
const rankOf = new Map(simRanks.map((name, i) => [name, i]));
const sharedDir = join(root, 'sim', 'shared');

/** The folder of sim/ a path lies in, or the name of a file at the top of sim/; null outside sim/. */
function simPart(path) {
  const parts = relative(join(root, 'sim'), path).split(sep);
  if (parts[0] === '..' || isAbsolute(parts[0])) return null;
  return parts.length > 1 ? parts[0] : `${parts[0].replace(/\.(js|ts)$/, '')}.ts`;
}

function isShared(path) {
  const rel = relative(sharedDir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

const unranked = new Set();
for (const file of sourceFiles(join(root, 'sim'), { declarations: true })) {
  const rel = relative(root, file);
  const from = simPart(file);
  if (!rankOf.has(from)) {
    unranked.add(from);
    continue;
  }
  for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
    if (from === 'shared') {
      if (nodeBuiltins.has(spec)) problems.push(`${rel}: imports Node built-in "${spec}"; sim/shared/ runs in the page too`);
      else if (spec.startsWith('.') ? !isShared(resolve(dirname(file), spec)) : !typeOnly) {
        problems.push(`${rel}: imports "${spec}"; sim/shared/ imports code and types only from sim/shared/`);
      }
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const to = simPart(resolve(dirname(file), spec));
    if (to === null || to === from || !rankOf.has(to)) continue;
    if (rankOf.get(to) > rankOf.get(from)) problems.push(`${rel}: imports "${spec}" from ${to}, which ranks above ${from}`);
  }
}
for (const part of unranked) problems.push(`sim/${part}: has no rank in scripts/check-layers.mjs`);

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
        if (target === 'sim' && !typeOnly && !isShared(resolve(dirname(file), spec))) {
          problems.push(`${rel}: imports "${spec}" from sim/ as code; the page imports types from the core, and code only from sim/shared/`);
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
console.log(`Layering check passed: sim/ has no Electron or DOM and imports only downwards (${simRanks.join(' < ')}), renderer/ no Node and code only from sim/shared/, Electron only in main/.`);
