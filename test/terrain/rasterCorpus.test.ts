import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers.js';
import { tempDir } from './helpers.js';

// A corpus of rasters made here with GDAL (Debian's gdal-bin, installed by .ci/run): every data type
// and compression an elevation model comes in, and the broken and wrong ones. Each either loads with
// the elevations GDAL reports, or is refused with exit 2 and a message that names the file and says
// what is wrong, never a stack trace or a misleading reading.

const bin = join(projectRoot, 'bin/reforest.js');
const hasGdal = spawnSync('gdal_translate', ['--version']).status === 0;
if (!hasGdal) console.warn('raster corpus skipped: gdal_translate not found (install Debian\'s gdal-bin, as .ci/run does)');

function gdal(tool: string, args: string[], cwd: string): void {
  execFileSync(tool, ['-q', ...args], { cwd, stdio: ['ignore', 'ignore', 'ignore'] });
}

function info(file: string) {
  const out = spawnSync(process.execPath, [bin, 'terrain-info', file], { encoding: 'utf8', timeout: 60_000 });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

function gdalRange(file: string): [number, number] {
  const text = execFileSync('gdalinfo', ['-stats', file], { encoding: 'utf8' });
  const m = /Minimum=([-\d.]+), Maximum=([-\d.]+)/.exec(text)!;
  return [Number(m[1]), Number(m[2])];
}

describe.skipIf(!hasGdal)('raster corpus made with GDAL', () => {
  const dir = tempDir();
  // A smooth 60 × 60 DEM of 30 m cells in UTM zone 30N, 260–471 m.
  const n = 60;
  const rows = ['ncols 60', 'nrows 60', 'xllcorner 500000', 'yllcorner 4000000', 'cellsize 30', 'NODATA_value -9999'];
  for (let r = 0; r < n; r++) rows.push(Array.from({ length: n }, (_, c) => (300 + 50 * Math.sin(r / 9) + 40 * Math.cos(c / 7) + 2 * r).toFixed(2)).join(' '));
  if (hasGdal) {
    writeFileSync(join(dir, 'base.asc'), rows.join('\n') + '\n');
    gdal('gdal_translate', ['-a_srs', 'EPSG:32630', 'base.asc', 'base.tif'], dir);
  }

  const loads: [string, (d: string) => void][] = [
    ...['Int16', 'UInt16', 'Int32', 'UInt32', 'Float32', 'Float64'].map(
      (t) => [`${t} samples`, (d: string) => gdal('gdal_translate', ['-ot', t, 'base.tif', 'case.tif'], d)] as [string, (d: string) => void],
    ),
    ...['DEFLATE', 'LZW', 'PACKBITS', 'ZSTD', 'LERC'].map(
      (c) => [`${c} compression`, (d: string) => gdal('gdal_translate', ['-co', `COMPRESS=${c}`, 'base.tif', 'case.tif'], d)] as [string, (d: string) => void],
    ),
    ['tiles with predictor', (d) => gdal('gdal_translate', ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', 'base.tif', 'case.tif'], d)],
    ['a geographic CRS (degrees)', (d) => gdal('gdalwarp', ['-t_srs', 'EPSG:4326', 'base.tif', 'case.tif'], d)],
  ];
  it.each(loads)('loads %s with the elevations GDAL reads', (_, make) => {
    make(dir);
    const file = join(dir, 'case.tif');
    const [min, max] = gdalRange(file);
    const r = info(file);
    expect(r.code, r.stderr).toBe(0);
    const m = /elevation {3}([-\d.]+) to ([-\d.]+) m/.exec(r.stdout)!;
    // Integer types round; reprojection resamples: within a metre of GDAL's range, inside it or on it.
    expect(Number(m[1])).toBeGreaterThanOrEqual(min - 1);
    expect(Number(m[2])).toBeLessThanOrEqual(max + 1);
    expect(Number(m[2]) - Number(m[1])).toBeGreaterThan((max - min) * 0.9);
  });

  const refused: [string, (d: string) => string, RegExp][] = [
    ['a truncated file', (d) => (writeFileSync(join(d, 'cut.tif'), readFileSync(join(d, 'base.tif')).subarray(0, 7000)), 'cut.tif'), /is truncated: its raster data runs to byte [\d,]+ but the file has 7,000 bytes/],
    ['a 7-byte file', (d) => (writeFileSync(join(d, 'stub.tif'), readFileSync(join(d, 'base.tif')).subarray(0, 7)), 'stub.tif'), /is truncated: 7 bytes/],
    ['an ASCII header declaring 10^12 cells', (d) => (writeFileSync(join(d, 'huge.asc'), 'ncols 1000000\nnrows 1000000\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n'), 'huge.asc'), /far more than any ASCII grid holds/],
    ['three bands', (d) => (gdal('gdal_translate', ['-b', '1', '-b', '1', '-b', '1', 'base.tif', 'bands.tif'], d), 'bands.tif'), /has 3 bands .*one band/],
    ['8-bit samples', (d) => (gdal('gdal_translate', ['-ot', 'Byte', '-scale', 'base.tif', 'byte.tif'], d), 'byte.tif'), /8-bit integers .* not elevation/],
    ['complex samples', (d) => (gdal('gdal_translate', ['-ot', 'CInt16', 'base.tif', 'complex.tif'], d), 'complex.tif'), /complex numbers/],
    ['JPEG-compressed 8-bit', (d) => (gdal('gdal_translate', ['-ot', 'Byte', '-scale', '-co', 'COMPRESS=JPEG', 'base.tif', 'jpeg8.tif'], d), 'jpeg8.tif'), /8-bit integers/],
    [
      'JPEG-compressed 16-bit (GDAL writes the layout and fails on the data)',
      (d) => {
        spawnSync('gdal_translate', ['-q', '-ot', 'Int16', '-co', 'COMPRESS=JPEG', 'base.tif', 'jpeg16.tif'], { cwd: d });
        return 'jpeg16.tif';
      },
      /has no raster data: every strip is empty.*JPEG compression cannot hold samples of more than 12 bits/,
    ],
    [
      'a rotated grid',
      (d) => {
        writeFileSync(
          join(d, 'rot.vrt'),
          `<VRTDataset rasterXSize="60" rasterYSize="60"><GeoTransform>500000, 30, 5, 4001800, 5, -30</GeoTransform><VRTRasterBand dataType="Float32" band="1"><SimpleSource><SourceFilename relativeToVRT="1">base.tif</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>`,
        );
        gdal('gdal_translate', ['rot.vrt', 'rotated.tif'], d);
        return 'rotated.tif';
      },
      /rotated or sheared .* gdalwarp/,
    ],
    ['a PNG renamed .tif', (d) => (gdal('gdal_translate', ['-of', 'PNG', '-ot', 'Byte', '-scale', 'base.tif', 'image.png'], d), writeFileSync(join(d, 'png.tif'), readFileSync(join(d, 'image.png'))), 'png.tif'), /is not a TIFF file \(it is a PNG image\)/],
  ];
  it.each(refused)('refuses %s, naming the file and the problem', (_, make, message) => {
    const file = join(dir, make(dir));
    const r = info(file);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.startsWith(`reforest: ${file}: `), r.stderr).toBe(true);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
