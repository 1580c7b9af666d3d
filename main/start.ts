#!/usr/bin/env node
// `npm start`: opens the desktop app where Electron's binary is present; otherwise starts the web host
// (as `npm run web` does) and says why.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Electron's executable, found as the electron package would find it but without downloading it; or why there is none. */
export function electronBinary(): { path: string } | { missing: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(dir, 'path.txt');
  if (!override && !existsSync(pathFile)) return { missing: `Electron's binary has not been downloaded into ${join(dir, 'dist')} (it downloads on first use, which needs the internet)` };
  const exe = override ? join(override, process.platform === 'win32' ? 'electron.exe' : 'electron') : join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { missing: `Electron's binary ${exe} is missing` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const electron = electronBinary();
  if ('path' in electron) {
    const child = spawn(electron.path, [appRoot, ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('exit', (code, signal) => (process.exitCode = signal ? 1 : (code ?? 0)));
  } else {
    process.stderr.write(`The desktop app cannot open: ${electron.missing}.\nStarting the web host instead.\n\n`);
    await import('./web/launch.js');
  }
}
