import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { TerrainError, excerpt } from './errors.js';
import { isRegularFile } from './file.js';

/** The CRS recorded for an ASCII grid, from its sidecar .prj if there is one. */
export async function readPrj(file: string): Promise<{ crs: string; geographic: boolean; wkt?: string }> {
  const stem = join(dirname(file), basename(file, extname(file)));
  for (const candidate of [`${stem}.prj`, `${stem}.PRJ`]) {
    let text: string;
    try {
      // A sidecar that is not a regular file (a pipe, a device) could block or never end: passed over.
      if (!(await isRegularFile(candidate))) continue;
      text = await readFile(candidate, 'utf8');
    } catch {
      continue;
    }
    const described = describePrj(text, candidate);
    // Kept whole for reprojecting vector files onto the grid; a .prj that is not WKT is a name only.
    return /^(PROJCS|PROJCRS)\s*\[/i.test(text.trim()) ? { ...described, wkt: text.trim() } : described;
  }
  return { crs: 'UNKNOWN', geographic: false };
}

/** Reads the CRS name, kind and linear unit from WKT1 (ESRI or OGC flavour) or any other .prj text. */
export function describePrj(text: string, prjFile: string): { crs: string; geographic: boolean } {
  const wkt = text.trim();
  const top = /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(wkt);
  if (!top) return { crs: `PRJ:${excerpt(wkt.replace(/\s+/g, ' '))}`, geographic: false };
  const kind = top[1].toUpperCase();
  const name = top[2];
  if (kind === 'PROJCS' || kind === 'PROJCRS') {
    const unit = topLevelUnit(wkt);
    if (unit && /foot|feet|ft/i.test(unit)) {
      throw new TerrainError(
        `projected CRS "${name}" measures in ${unit}; Reforest needs metres. Reproject the grid to a metric CRS ` +
          '(e.g. gdalwarp -t_srs EPSG:326xx) and convert its elevations to metres if they are in feet',
        prjFile,
      );
    }
    return { crs: `PRJ:${name}`, geographic: false };
  }
  return { crs: `PRJ:${name}`, geographic: true };
}

/** The name of the UNIT (or LENGTHUNIT) that is a direct child of the outermost WKT node. */
function topLevelUnit(wkt: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  for (let i = 0; i < wkt.length; i++) {
    const ch = wkt[i];
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (depth === 1 && /[A-Za-z]/.test(ch) && (i === 0 || /[,[\s(]/.test(wkt[i - 1]))) {
      const m = /^(UNIT|LENGTHUNIT)\s*\[\s*"([^"]*)"/i.exec(wkt.slice(i, i + 200));
      if (m) found = m[2];
    } else if (ch === '"') {
      const end = wkt.indexOf('"', i + 1);
      if (end < 0) break;
      i = end;
    }
  }
  return found;
}
