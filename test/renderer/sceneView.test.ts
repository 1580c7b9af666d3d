import { afterEach, describe, expect, it } from 'vitest';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { ForestFrames } from '../../renderer/scene/forestFrames.js';
import { ForestScene } from '../../renderer/scene/sceneView.js';
import { makeFrame, makeLayout, makeSite, squareZone, straightFence, type FrameOptions } from './fixtures.js';
import type { SiteView } from '../../sim/hostApi/api.js';

const scenes: ForestScene[] = [];
afterEach(() => {
  for (const s of scenes.splice(0)) s.dispose();
});

function makeScene(): ForestScene {
  const view = new ForestScene({ engine: new NullEngine() });
  scenes.push(view);
  return view;
}

function treeMesh(view: ForestScene, speciesId: string, detail: 'far' | 'near'): Mesh {
  return view.scene.getMeshByName(`trees:${speciesId}:${detail}`) as Mesh;
}

// The buffers Babylon uploads (thinInstanceGetWorldMatrices caches its first answer, so it cannot show updates).
interface ThinStorage {
  _thinInstanceDataStorage: { matrixData: Float32Array };
  _userThinInstanceBuffersStorage: { data: Record<string, Float32Array> };
}

function matrices(mesh: Mesh): Float32Array {
  return (mesh as unknown as ThinStorage)._thinInstanceDataStorage.matrixData;
}

/** Scale (m0) and translation of thin instance `slot`. */
function instance(mesh: Mesh, slot: number): { scale: number; x: number; y: number; z: number } {
  const m = matrices(mesh).subarray(slot * 16, slot * 16 + 16);
  return { scale: m[0], x: m[12], y: m[13], z: m[14] };
}

function instanceColor(mesh: Mesh, slot: number): number[] {
  const colors = (mesh as unknown as ThinStorage)._userThinInstanceBuffersStorage.data.instanceColor;
  return Array.from(colors.subarray(slot * 4, slot * 4 + 4));
}

function zeroScaled(mesh: Mesh): number {
  let n = 0;
  for (let k = 0; k < mesh.thinInstanceCount; k++) if (instance(mesh, k).scale === 0) n++;
  return n;
}

function withRun(site: SiteView, count: number, years: number, frameOptions: (year: number) => FrameOptions = () => ({})): { view: ForestScene; frames: ForestFrames } {
  const view = makeScene();
  view.setSite(site);
  const frames = new ForestFrames();
  frames.addLayout(makeLayout(count, site.terrain.cols * site.terrain.cellSize, site.terrain.rows * site.terrain.cellSize));
  for (let y = 0; y <= years; y++) frames.addFrame(makeFrame(y, count, frameOptions(y)));
  view.setFrames(frames);
  return { view, frames };
}

describe('ForestScene trees', () => {
  it('puts each species in one far mesh with one instance per tree, scaled to height on the ground', () => {
    const site = makeSite();
    const { view, frames } = withRun(site, 300, 3);
    view.showYear(2);
    for (const [s, sp] of site.species.entries()) {
      const far = treeMesh(view, sp.id, 'far');
      expect(far.thinInstanceCount).toBe(100);
      expect(far.isEnabled()).toBe(true);
      // Slot 0 of species s is tree s (species cycle through the layout).
      const inst = instance(far, 0);
      expect(inst.scale).toBeCloseTo(2.5, 5);
      const dx = frames.west - site.terrain.west;
      expect(inst.x).toBeCloseTo(frames.x[s] + dx, 2);
      // Ground rises 0.1 m per metre east of the grid's first cell centre.
      expect(inst.y).toBeCloseTo((frames.x[s] + dx - 5) * 0.1 + 0.5, 1);
    }
    expect(view.stats().treeInstances).toBe(300);
  });

  it('sizes trees 0 before planting and fades dead trees out over the years', () => {
    const site = makeSite();
    // Tree 0 (pine slot 0) planted in year 2, dies in year 4.
    const status = (year: number) => (i: number) => (i !== 0 ? 1 : year < 2 ? 0 : year < 4 ? 1 : 2);
    const { view } = withRun(site, 30, 12, (year) => ({ status: status(year), height: () => 3 }));
    const pine = treeMesh(view, 'pine', 'far');
    view.showYear(1);
    expect(instance(pine, 0).scale).toBe(0);
    view.showYear(3);
    expect(instance(pine, 0).scale).toBeCloseTo(3, 5);
    const alive = instanceColor(pine, 0);
    const scales: number[] = [];
    for (let y = 4; y <= 10; y++) {
      view.showYear(y);
      scales.push(instance(pine, 0).scale);
    }
    for (let k = 1; k < 5; k++) expect(scales[k]).toBeLessThan(scales[k - 1]);
    expect(scales[0]).toBeLessThan(3);
    expect(scales[5]).toBe(0);
    view.showYear(5);
    const dead = instanceColor(pine, 0);
    // Greyer: channels closer together than the healthy green.
    expect(Math.max(...dead.slice(0, 3)) - Math.min(...dead.slice(0, 3))).toBeLessThan(Math.max(...alive.slice(0, 3)) - Math.min(...alive.slice(0, 3)));
  });

  it('tints trees browsed this year or last', () => {
    const { view } = withRun(makeSite(), 30, 4, (year) => ({ browsed: (i) => i === 3 && year === 2 }));
    const pine = treeMesh(view, 'pine', 'far');
    view.showYear(1);
    const healthy = instanceColor(pine, 1);
    view.showYear(3);
    expect(instanceColor(pine, 1)).not.toEqual(healthy);
    expect(instanceColor(pine, 0)).toEqual(healthy);
    view.showYear(4);
    expect(instanceColor(pine, 1)).toEqual(healthy);
  });

  it('changes only instance buffers on a year change', () => {
    const { view } = withRun(makeSite(), 300, 5);
    // Far enough out that every tree is drawn by the far meshes.
    view.camera.radius = 2000;
    view.showYear(1);
    view.render();
    const meshesBefore = view.scene.meshes.map((m) => m.uniqueId);
    const pine = treeMesh(view, 'pine', 'far');
    const geometry = pine.geometry;
    const positions = pine.getVertexBuffer('position');
    const before = instance(pine, 5).scale;
    const uploads: string[] = [];
    const upload = pine.thinInstanceBufferUpdated.bind(pine);
    pine.thinInstanceBufferUpdated = (kind: string) => {
      uploads.push(kind);
      upload(kind);
    };
    view.showYear(2);
    // The buffers go to the GPU once, when the frame is drawn.
    expect(uploads).toEqual([]);
    view.render();
    expect(uploads.sort()).toEqual(['color', 'matrix']);
    view.render();
    expect(uploads).toHaveLength(2);
    expect(view.scene.meshes.map((m) => m.uniqueId)).toEqual(meshesBefore);
    expect(treeMesh(view, 'pine', 'far')).toBe(pine);
    expect(pine.geometry).toBe(geometry);
    expect(pine.getVertexBuffer('position')).toBe(positions);
    expect(instance(pine, 5).scale).toBeGreaterThan(before);
  });

  it('keeps the number of tree meshes independent of the tree count', () => {
    const counts = [1_000, 50_000].map((n) => {
      const { view } = withRun(makeSite({ cols: 100, rows: 100 }), n, 1);
      view.showYear(1);
      view.render();
      return view.scene.meshes.filter((m) => m.name.startsWith('trees:')).length;
    });
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBe(2 * 3);
  });

  it('shows regenerated trees after framesChanged', () => {
    const site = makeSite();
    const view = makeScene();
    view.setSite(site);
    const frames = new ForestFrames();
    frames.addLayout(makeLayout(30, 400, 300));
    frames.addFrame(makeFrame(0, 30));
    view.setFrames(frames);
    view.showYear(1);
    const oak = treeMesh(view, 'oak', 'far');
    expect(oak.thinInstanceCount).toBe(10);
    frames.addFrame(makeFrame(1, 30, { appended: [[100, 100, 2], [200, 150, 2]] }));
    view.framesChanged();
    expect(oak.thinInstanceCount).toBe(12);
    expect(instance(oak, 10).scale).toBeCloseTo(1.5, 5);
    expect(instance(oak, 11).x).toBeCloseTo(200, 1);
    expect(instance(oak, 11).z).toBeCloseTo(150, 1);
  });

  it('moves trees near the camera target to the detailed mesh and back', () => {
    const site = makeSite({ cols: 100, rows: 100 });
    const { view } = withRun(site, 3000, 1);
    view.showYear(1);
    view.camera.target.set(500, 0, 500);
    view.camera.radius = 50;
    view.render();
    const near = treeMesh(view, 'pine', 'near');
    const far = treeMesh(view, 'pine', 'far');
    expect(near.isEnabled()).toBe(true);
    const nearCount = near.thinInstanceCount;
    expect(nearCount).toBeGreaterThan(0);
    expect(zeroScaled(far)).toBe(nearCount);
    view.camera.radius = 3000;
    view.render();
    expect(near.isEnabled()).toBe(false);
    expect(zeroScaled(far)).toBe(0);
  });
});

describe('ForestScene terrain', () => {
  it('splits a large grid into chunks with coarser levels and leaves NaN cells out', () => {
    const site = makeSite({ cols: 600, rows: 500, nanCorner: true });
    const view = makeScene();
    view.setSite(site);
    const chunks = view.scene.meshes.filter((m) => /^terrain:\d+:\d+$/.test(m.name)) as Mesh[];
    // 5 × 4 chunks of 128 cells, less the 2 × 1 fully inside the NaN quarter (rows < 250, cols < 300).
    expect(chunks.length).toBe(5 * 4 - 2);
    for (const chunk of chunks) {
      expect(chunk.getLODLevels().length).toBeGreaterThan(0);
      const pos = chunk.getVerticesData('position')!;
      const idx = chunk.getIndices()!;
      let outside = 0;
      for (let k = 0; k < idx.length; k++) {
        const col = Math.floor(pos[idx[k] * 3] / 10);
        const row = 500 - 1 - Math.floor(pos[idx[k] * 3 + 2] / 10);
        if (row < 250 && col < 300) outside++;
      }
      expect(outside).toBe(0);
    }
  });

  it('recolours without rebuilding when shading switches', () => {
    const view = makeScene();
    view.setSite(makeSite());
    const chunk = view.scene.getMeshByName('terrain:0:0') as Mesh;
    const positions = chunk.getVertexBuffer('position');
    const elevation = Array.from(chunk.getVerticesData('color')!);
    view.setShading('suitability', 1);
    const suit = Array.from(chunk.getVerticesData('color')!);
    expect(suit).not.toEqual(elevation);
    view.setShading('slope');
    expect(Array.from(chunk.getVerticesData('color')!)).not.toEqual(suit);
    expect(chunk.getVertexBuffer('position')).toBe(positions);
  });

  it('redraws a new plan on the open site without rebuilding the ground or moving the camera', () => {
    const view = makeScene();
    const site = makeSite({ zones: [squareZone('north', 100, 100, 200)] });
    view.setSite(site);
    const chunk = view.scene.getMeshByName('terrain:0:0') as Mesh;
    const zoneVertices = () => (view.scene.getMeshByName('zones') as Mesh).getTotalVertices();
    const before = zoneVertices();
    view.camera.alpha += 0.3;
    const alpha = view.camera.alpha;
    const edited: SiteView = { ...site, zones: [squareZone('north', 100, 100, 200), { ...squareZone('south', 400, 400, 100), zoneIndex: 2 }] };
    view.setSite(edited);
    expect(view.scene.getMeshByName('terrain:0:0')).toBe(chunk);
    expect(chunk.isDisposed()).toBe(false);
    expect(view.camera.alpha).toBe(alpha);
    // Both zones' outlines are drawn now, the old one's only once.
    expect(view.scene.meshes.filter((m) => m.name === 'zones')).toHaveLength(1);
    expect(zoneVertices()).toBeGreaterThan(before);
    // A different terrain is a new site: new ground.
    view.setSite(makeSite());
    expect(chunk.isDisposed()).toBe(true);
  });

  it('maps a canvas point to the ground in the terrain\'s coordinates', () => {
    const view = makeScene();
    const site = makeSite();
    view.setSite(site);
    view.setMapMode(true);
    view.render();
    const engine = view.scene.getEngine();
    const at = view.groundPoint(engine.getRenderWidth() / 2, engine.getRenderHeight() / 2);
    expect(at).not.toBeNull();
    const t = site.terrain;
    // The map view is centred on the site.
    expect(at![0]).toBeCloseTo(t.west + (t.cols * t.cellSize) / 2, -1);
    expect(at![1]).toBeCloseTo(t.south + (t.rows * t.cellSize) / 2, -1);
  });

  it('lays the terrain out east along +x and north along +z', () => {
    const view = makeScene();
    const site = makeSite({ cols: 4, rows: 3 });
    // Make the northern row high, to see which way is north.
    site.terrain.elevation.fill(200);
    site.terrain.elevation.fill(260, 0, 4);
    site.terrain.maxElevation = 260;
    view.setSite(site);
    const chunk = view.scene.getMeshByName('terrain:0:0') as Mesh;
    const pos = chunk.getVerticesData('position')!;
    let maxZHeight = -1;
    let minZHeight = -1;
    let maxZ = -Infinity;
    let minZ = Infinity;
    for (let v = 0; v < pos.length / 3; v++) {
      if (pos[v * 3 + 2] > maxZ) [maxZ, maxZHeight] = [pos[v * 3 + 2], pos[v * 3 + 1]];
      if (pos[v * 3 + 2] < minZ) [minZ, minZHeight] = [pos[v * 3 + 2], pos[v * 3 + 1]];
    }
    expect(maxZHeight).toBe(60);
    expect(minZHeight).toBe(0);
  });
});

describe('ForestScene fences, zones, animals, picking', () => {
  const site = () =>
    makeSite({
      zones: [squareZone('A', 50, 50, 100)],
      fences: [straightFence('north', [50, 200], [350, 200], 2, 8)],
    });

  it('shows fences by state and marks breaches', () => {
    const { view } = withRun(site(), 30, 9, (year) => ({ breaches: year === 5 ? [100, 200, 300, 200, 10, 10] : [] }));
    const ribbon = view.scene.getMeshByName('fence:north')!;
    const posts = view.scene.getMeshByName('fence:posts') as Mesh;
    const breaches = view.scene.getMeshByName('fence:breaches') as Mesh;
    view.showYear(1);
    expect(ribbon.isEnabled()).toBe(true);
    expect(instance(posts, 0).scale).toBe(0);
    view.showYear(5);
    expect(instance(posts, 0).scale).toBe(1);
    expect(breaches.isEnabled()).toBe(true);
    expect(breaches.thinInstanceCount).toBe(3);
    expect(view.breachesNear(0)).toBe(2);
    view.showYear(8);
    expect(ribbon.isEnabled()).toBe(false);
    expect(breaches.isEnabled()).toBe(false);
  });

  it('moves animals along their tracks, facing the way they go', () => {
    const tracks = { samples: 3, animals: 2, positions: [100, 100, 300, 200, 110, 100, 300, 220, 110, 120, 300, 240] };
    const { view } = withRun(site(), 30, 2, (year) => (year > 0 ? { tracks } : {}));
    const herd = view.scene.getMeshByName('herd') as Mesh;
    view.showYear(0);
    expect(herd.isEnabled()).toBe(false);
    view.showYear(1, 0.25);
    expect(herd.isEnabled()).toBe(true);
    expect(herd.thinInstanceCount).toBe(2);
    const a = matrices(herd).subarray(0, 16);
    expect(a[12]).toBeCloseTo(105, 3);
    expect(a[14]).toBeCloseTo(100, 3);
    // Heading east: the model's +x row points along +x.
    expect(a[0]).toBeGreaterThan(0);
    expect(Math.abs(a[2])).toBeLessThan(1e-6);
    view.showYear(1, 0.75);
    const b = matrices(herd).subarray(16, 32);
    expect(b[12]).toBeCloseTo(300, 3);
    expect(b[14]).toBeCloseTo(230, 3);
    // Heading north: +x row points along +z.
    expect(b[2]).toBeGreaterThan(0);
  });

  it('picks fences, trees and zones under the pointer', () => {
    const { view } = withRun(site(), 400, 2);
    view.showYear(2);
    view.setMapMode(true);
    const camera = view.camera;
    const project = (x: number, z: number) => {
      camera.target.set(x, 0, z);
      camera.radius = 200;
      view.render();
      const engine = view.scene.getEngine();
      return [engine.getRenderWidth() / 2, engine.getRenderHeight() / 2] as const;
    };
    let [sx, sy] = project(200, 200.5);
    expect(view.pick(sx, sy)).toEqual({ kind: 'fence', index: 0 });
    [sx, sy] = project(10, 10);
    const hit = view.pick(sx, sy);
    expect(hit?.kind).toBe('tree');
    // Trees stand every 16.7 m from (8.3, 8.3): (108, 108) is next to tree 6 of row 6, (100, 100) between trees.
    [sx, sy] = project(108, 108);
    expect(view.pick(sx, sy)).toEqual({ kind: 'tree', index: 6 * 24 + 6 });
    [sx, sy] = project(100, 100);
    expect(view.pick(sx, sy)).toEqual({ kind: 'zone', index: 0 });
    [sx, sy] = project(300, 100);
    expect(view.pick(sx, sy)).toBeNull();
  });

  it('draws the heat map where the herd spent the year', () => {
    // The site is 400 m × 300 m; the herd's use is on a 20 m grid, with one busy cell 20–40 m east and
    // 240–260 m north of the south-west corner (row 2 from the north of 15 rows).
    const perHa = new Array<number>(20 * 15).fill(0);
    perHa[2 * 20 + 1] = 120;
    const { view } = withRun(site(), 400, 2, (year) => (year === 1 ? { use: { cols: 20, rows: 15, cellSize: 20, perHa } } : {}));
    view.setLayerVisible('heatmap', true);
    view.showYear(1);
    const drape = view.scene.meshes.filter((m) => m.name.startsWith('browseHeatmap'));
    expect(drape.length).toBeGreaterThan(0);
    expect(drape.every((m) => m.isEnabled())).toBe(true);
    const grid = (view as unknown as { layers: { heatmap: { grid: { cols: number; cellM: number; values: Float32Array } } } }).layers.heatmap.grid;
    const total = () => grid.values.reduce((a, v) => a + v, 0);
    const at = (x: number, y: number) => grid.values[Math.floor(y / grid.cellM) * grid.cols + Math.floor(x / grid.cellM)];
    expect(at(30, 250)).toBe(120);
    expect(at(130, 250)).toBe(0);
    expect(grid.values.filter((v) => v > 0).length).toBeLessThan(grid.values.length / 4);
    view.showYear(0);
    expect(total()).toBe(0);
    view.setLayerVisible('heatmap', false);
    expect(drape.some((m) => m.isEnabled())).toBe(false);
  });
});
