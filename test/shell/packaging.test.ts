// electron-builder.yml against electron-builder's own schema, its three systems' targets, and the
// icons it names (all made from assets/icons/icon.svg by `npm run icons`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers.js';

const config = load(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>> & { fileAssociations: { ext: string }[]; asarUnpack: string[] };

describe('electron-builder.yml', () => {
  it("is valid under electron-builder's schema", () => {
    const schema = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(ok ? [] : validate.errors).toEqual([]);
    // The schema is strict enough to matter: a misspelt key or a wrong type is refused.
    expect(validate({ ...config, linux: { ...config.linux, targets: ['AppImage'] } })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'maybe' } })).toBe(false);
  });

  it('packages for Linux (AppImage, deb), Windows (NSIS) and macOS (dmg), with scenario files associated', () => {
    expect(config.appId).toBe('org.reforest.app');
    expect(config.productName).toBe('Reforest');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.fileAssociations.map((f) => f.ext)).toEqual(['json']);
    // The worker threads' code and the assets they read stay outside the asar archive.
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/sim/**', 'assets/**']));
    expect((JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { main: string }).main).toBe(config.extraMetadata.main);
  });

  it('names icons that exist, at every size, made from one source', () => {
    for (const file of [config.win.icon, config.mac.icon, config.icon] as string[]) expect(existsSync(join(projectRoot, file)), file).toBe(true);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = PNG.sync.read(readFileSync(join(projectRoot, config.linux.icon as string, `${size}x${size}.png`)));
      expect([png.width, png.height]).toEqual([size, size]);
    }
    const ico = readFileSync(join(projectRoot, config.win.icon as string));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4);
    expect(readFileSync(join(projectRoot, config.mac.icon as string)).subarray(0, 4).toString()).toBe('icns');
    expect(existsSync(join(projectRoot, 'assets', 'icons', 'icon.svg'))).toBe(true);
  });
});
