import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the bundled assets (species library, default scenarios) live. The core runs both from its
 * TypeScript sources and from the compiled `dist/` tree, so the folder is found by walking up.
 */
function findAssetsRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets');
    if (existsSync(join(candidate, 'library'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The bundled assets folder (assets/library) is missing from this installation.');
}

let root: string | undefined;

export function assetPath(...parts: string[]): string {
  root ??= findAssetsRoot();
  return join(root, ...parts);
}
