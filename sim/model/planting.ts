import { boundsOf, pointInPolygon } from '../shared/polygon.js';
import type { Rng } from '../random/rng.js';
import { cellIndexAt } from '../terrain/terrain.js';
import type { Site } from './site.js';
import { TreeOrigin, TreeStatus, type TreeStore } from './trees.js';

/** Result of planting one zone. */
export interface PlantedZone {
  first: number;
  count: number;
  sheltered: number;
}

/**
 * Lays out a zone's trees: on a square grid at the zone's density with random jitter, or at random
 * positions; only inside the polygon and on the site. Species are assigned in the zone's exact
 * proportions (largest remainder) and shuffled over the positions.
 */
export function plantZone(store: TreeStore, site: Site, zone: number, rng: Rng): PlantedZone {
  const planting = site.scenario.scenario.plantings[zone];
  const ring = site.zoneRings[zone];
  const terrain = site.terrain;
  const b = boundsOf(ring);
  const xs: number[] = [];
  const ys: number[] = [];
  const accept = (x: number, y: number) => {
    if (!pointInPolygon(ring, x, y)) return;
    const cell = cellIndexAt(terrain, x, y);
    if (cell < 0 || Number.isNaN(terrain.elevation[cell])) return;
    xs.push(x);
    ys.push(y);
  };

  if (planting.layout.type === 'grid') {
    const spacing = Math.sqrt(10_000 / planting.density);
    const jitter = planting.layout.jitter;
    const x0 = b.minX + spacing / 2;
    const crossings: number[] = [];
    // Row by row, only the grid positions between the polygon's edge crossings: a thin or diagonal
    // zone costs its own trees, not its bounding box.
    for (let y = b.minY + spacing / 2; y < b.maxY; y += spacing) {
      crossings.length = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y) crossings.push(xi + ((y - yi) / (yj - yi)) * (xj - xi));
      }
      crossings.sort((p, q) => p - q);
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        const kFrom = Math.ceil((crossings[c] - x0) / spacing);
        const kTo = Math.floor((crossings[c + 1] - x0) / spacing);
        for (let k = kFrom; k <= kTo; k++) {
          accept(x0 + k * spacing + (rng.next() * 2 - 1) * jitter, y + (rng.next() * 2 - 1) * jitter);
        }
      }
    }
  } else {
    const target = Math.round(site.zoneAreaHa[zone] * planting.density);
    const limit = target * 50 + 1000;
    for (let tries = 0; xs.length < target && tries < limit; tries++) {
      accept(b.minX + rng.next() * (b.maxX - b.minX), b.minY + rng.next() * (b.maxY - b.minY));
    }
  }

  const n = xs.length;
  const codes = speciesCodes(site, zone, n, rng);
  const shelterSpecies = planting.shelters?.species;
  const first = store.count;
  store.reserve(n);
  let sheltered = 0;
  for (let k = 0; k < n; k++) {
    const i = store.count++;
    const sp = codes[k];
    store.x[i] = xs[k];
    store.y[i] = ys[k];
    store.species[i] = sp;
    store.zone[i] = zone + 1;
    store.origin[i] = TreeOrigin.Planted;
    store.status[i] = TreeStatus.Pending;
    store.plantYear[i] = planting.year;
    store.deathYear[i] = -1;
    store.browsedYear[i] = -1;
    store.vigour[i] = Math.min(1.3, Math.max(0.7, 1 + 0.1 * rng.normal()));
    const hasShelter = planting.shelters && (!shelterSpecies || shelterSpecies.includes(site.scenario.speciesIds[sp]));
    store.shelterHeight[i] = hasShelter ? planting.shelters!.height : 0;
    if (hasShelter) sheltered++;
    placeTree(store, site, i, site.species.initialHeight[sp]);
  }
  return { first, count: n, sheltered };
}

/** What a tree added to a replicate after planting (a seedling, a replant) starts with. */
export interface NewTree {
  x: number;
  y: number;
  species: number;
  zone: number;
  origin: number;
  year: number;
  vigour: number;
  shelterHeight: number;
  height: number;
}

/** Appends a live tree after every row and to the live list (which stays in row order) and places it. */
export function appendLiveTree(store: TreeStore, site: Site, t: NewTree): number {
  store.reserve(1);
  const j = store.count++;
  store.live[store.liveCount++] = j;
  store.x[j] = t.x;
  store.y[j] = t.y;
  store.species[j] = t.species;
  store.zone[j] = t.zone;
  store.origin[j] = t.origin;
  store.status[j] = TreeStatus.Alive;
  store.cause[j] = 0;
  store.plantYear[j] = t.year;
  store.deathYear[j] = -1;
  store.browsedYear[j] = -1;
  store.browseCount[j] = 0;
  store.vigour[j] = t.vigour;
  store.shelterHeight[j] = t.shelterHeight;
  placeTree(store, site, j, t.height);
  return j;
}

/**
 * Fills the per-position fields of tree i (cell, site suitability, drought exposure) and sets its
 * height, its diameter from the species' height–diameter relation, and its age on the species curve at
 * that height, from where it grows on (a transplant's first years are slowed by the establishment check).
 */
export function placeTree(store: TreeStore, site: Site, i: number, height: number): void {
  const t = site.terrain;
  const sp = store.species[i];
  const tc = cellIndexAt(t, store.x[i], store.y[i]);
  const suit = site.species.suitability(sp, t.elevation[tc], t.slope[tc], t.twi[tc]);
  store.cell[i] = site.grid.cellAt(store.x[i], store.y[i]);
  store.suitability[i] = suit;
  store.siteScale[i] = 0.3 + 0.7 * suit;
  // Wet hollows buffer drought; exposure falls from 1 at TWI 5 to 0 at TWI 15.
  store.droughtExposure[i] = Math.min(1, Math.max(0, (15 - t.twi[tc]) / 10));
  store.curveAge[i] = site.species.curveAgeOf(sp, height / store.siteScale[i]);
  store.height[i] = height;
  store.diameter[i] = site.species.diameterAt(sp, height);
  store.crownRadius[i] = site.species.crownRadiusAt(sp, height, store.diameter[i]);
  store.damage[i] = 0;
}

function speciesCodes(site: Site, zone: number, n: number, rng: Rng): Uint8Array {
  const mix = site.scenario.scenario.plantings[zone].species;
  const ids = site.scenario.speciesIds;
  const exact = mix.map((m) => m.fraction * n);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, c) => a + c, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  const codes = new Uint8Array(n);
  let at = 0;
  mix.forEach((m, j) => {
    codes.fill(ids.indexOf(m.species), at, at + counts[j]);
    at += counts[j];
  });
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = codes[i];
    codes[i] = codes[j];
    codes[j] = t;
  }
  return codes;
}
