import { resolve } from 'node:path';

/**
 * The scenario file a launch names (`reforest-app glen.json`, a file opened from the file manager,
 * or a second launch's arguments handed to the first): the last argument ending in .json, resolved
 * against the folder the launch came from. Electron's own switches (--foo) are passed over.
 */
export function scenarioArgument(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const a = argv[i];
    if (!a.startsWith('-') && /\.json$/i.test(a)) return resolve(cwd, a);
  }
  return null;
}
