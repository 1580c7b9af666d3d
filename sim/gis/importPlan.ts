import { describeSource, GisError, isGeoreferenced, type TerrainCrs, transformInto } from './crs.js';
import type { Geometry, Position } from './features.js';
import { LIMITS } from '../scenario/schema.js';
import { readVectorFile } from './read.js';

/** A planting zone read from a vector file, in the terrain's coordinates, with what the file says of it. */
export interface ImportedZone {
  name: string;
  polygon: [number, number][];
  density?: number;
  year?: number;
  species?: { species: string; fraction: number }[];
}

export interface ImportedFence {
  name: string;
  path: [number, number][];
  closed: boolean;
  type?: string;
  installYear?: number;
  removalYear?: number;
}

/** Zones (polygons) and fences (lines) of a vector file, reprojected onto the terrain; notes say what was left out. */
export interface ImportedShapes {
  zones: ImportedZone[];
  fences: ImportedFence[];
  notes: string[];
}

/** The terrain an import lands on: its CRS and its extent in that CRS. */
export interface ImportTarget extends TerrainCrs {
  west: number;
  south: number;
  east: number;
  north: number;
}

const round = (v: number) => Math.round(v * 100) / 100;
const NAME_KEYS = ['name', 'Name', 'NAME', 'title', 'label', 'id', 'ID'];

/**
 * Reads zones and fences from a vector file and places them on the terrain. Polygons become planting
 * zones and lines fences (closed when they end where they start); points are left out, and so is any
 * shape that does not lie wholly on the terrain. Attributes a Reforest export writes (density,
 * species, planting and fence years, fence type) come back with them.
 */
export async function importPlanShapes(fileName: string, bytes: Uint8Array, target: ImportTarget): Promise<ImportedShapes> {
  const layers = await readVectorFile(fileName, bytes);
  const out: ImportedShapes = { zones: [], fences: [], notes: [] };
  let points = 0;
  let holes = 0;
  const outside: string[] = [];
  const tooDetailed: string[] = [];
  let span = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const layer of layers) {
    // On a site without a real-world CRS, GeoJSON that states none is taken in the site's own
    // coordinates (as Reforest exports such a site's plan), whatever RFC 7946 would assume.
    const local = !layer.crsStated && !isGeoreferenced(target);
    const { transform: project, notes } = transformInto(target, local ? null : layer.crs, fileName);
    if (local) notes.push(`${fileName} states no CRS, so its coordinates are taken as the site's own`);
    for (const note of notes) if (!out.notes.includes(note)) out.notes.push(note);
    const place = (ring: Position[]): [number, number][] => {
      const pts: [number, number][] = [];
      for (const p of ring) {
        if (typeof p?.[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          throw new GisError(`${fileName}: layer ${layer.name} has a coordinate that is not a pair of numbers`);
        }
        const [x, y] = project(p[0], p[1]);
        if (!Number.isFinite(x) || !Number.isFinite(y)) throw new GisError(`${fileName}: layer ${layer.name} has a point (${p[0]}, ${p[1]}) that cannot be reprojected into ${target.crs}`);
        const q: [number, number] = [round(x), round(y)];
        span = { minX: Math.min(span.minX, q[0]), minY: Math.min(span.minY, q[1]), maxX: Math.max(span.maxX, q[0]), maxY: Math.max(span.maxY, q[1]) };
        const last = pts.at(-1);
        if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
      }
      return pts;
    };
    const onTerrain = (pts: [number, number][]) => pts.every(([x, y]) => x >= target.west && x <= target.east && y >= target.south && y <= target.north);
    layer.features.forEach((feature, i) => {
      const props = feature?.properties ?? {};
      const label = nameOf(props) ?? `${layer.name.replace(/\.[^.]+$/, '')} ${i + 1}`;
      if (props.layer === 'tree') {
        points++;
        return;
      }
      for (const [part, geometry] of partsOf(feature?.geometry ?? null).entries()) {
        const name = partsOf(feature?.geometry ?? null).length > 1 ? `${label} ${part + 1}` : label;
        if (geometry.type === 'Point') {
          points++;
        } else if ((geometry.type === 'Polygon' ? (geometry.coordinates[0]?.length ?? 0) : geometry.type === 'LineString' ? geometry.coordinates.length : 0) > LIMITS.vertices) {
          // Refused before it is reprojected: the plan takes at most this many vertices an outline.
          tooDetailed.push(name);
        } else if (geometry.type === 'Polygon') {
          if (geometry.coordinates.length > 1) holes += geometry.coordinates.length - 1;
          const ring = place(geometry.coordinates[0] ?? []);
          if (ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1]) ring.pop();
          if (ring.length < 3) {
            out.notes.push(`"${name}" has fewer than 3 distinct vertices; left out`);
          } else if (!onTerrain(ring)) {
            outside.push(name);
          } else if (props.layer === 'fence') {
            out.fences.push({ name, path: ring, closed: true, ...fenceAttributes(props) });
          } else {
            out.zones.push({ name, polygon: ring, ...zoneAttributes(props) });
          }
        } else if (geometry.type === 'LineString') {
          const path = place(geometry.coordinates);
          const closed = path.length > 3 && path[0][0] === path.at(-1)![0] && path[0][1] === path.at(-1)![1];
          if (closed) path.pop();
          if (path.length < 2) out.notes.push(`"${name}" has fewer than 2 distinct vertices; left out`);
          else if (!onTerrain(path)) outside.push(name);
          else out.fences.push({ name, path, closed, ...fenceAttributes(props) });
        }
      }
    });
  }
  const crsOf = layers.map((l) => describeSource(l.crs)).join(', ');
  const list = (names: string[]) => `${names.slice(0, 5).map((n) => `"${n}"`).join(', ')}${names.length > 5 ? ', …' : ''}`;
  if (tooDetailed.length) {
    out.notes.push(
      `${tooDetailed.length} shape${tooDetailed.length === 1 ? '' : 's'} of more than ${LIMITS.vertices.toLocaleString('en-GB')} vertices left out (simplify them, e.g. ogr2ogr -simplify): ${list(tooDetailed)}`,
    );
  }
  if (out.zones.length > LIMITS.zones || out.fences.length > LIMITS.fences) {
    throw new GisError(
      `${fileName} holds ${out.zones.length.toLocaleString('en-GB')} zones and ${out.fences.length.toLocaleString('en-GB')} fences; a plan takes at most ` +
        `${LIMITS.zones.toLocaleString('en-GB')} of each: merge or select the shapes to import`,
    );
  }
  if (out.zones.length === 0 && out.fences.length === 0) {
    if (tooDetailed.length > 0) throw new GisError(`${fileName}: ${out.notes.at(-1)}`);
    if (outside.length > 0) {
      throw new GisError(
        `nothing in ${fileName} lies on the terrain: its shapes span E ${fmt(span.minX)}–${fmt(span.maxX)}, N ${fmt(span.minY)}–${fmt(span.maxY)} ` +
          `in the terrain's CRS (${target.crs}; the file is in ${crsOf}), the terrain E ${fmt(target.west)}–${fmt(target.east)}, N ${fmt(target.south)}–${fmt(target.north)}`,
      );
    }
    throw new GisError(`${fileName} has no polygons or lines to import${points ? ` (only ${points} points)` : ''}`);
  }
  if (outside.length) out.notes.push(`${outside.length} shape${outside.length === 1 ? '' : 's'} not wholly on the terrain left out: ${outside.slice(0, 5).map((n) => `"${n}"`).join(', ')}${outside.length > 5 ? ', …' : ''}`);
  if (points) out.notes.push(`${points} point${points === 1 ? '' : 's'} left out (zones and fences only)`);
  if (holes) out.notes.push(`${holes} hole${holes === 1 ? '' : 's'} in polygons left out (a zone is one outline)`);
  return out;
}

const fmt = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-GB') : '?');

function partsOf(geometry: Geometry | null): Geometry[] {
  if (!geometry) return [];
  switch (geometry.type) {
    case 'MultiPolygon':
      return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
    case 'MultiLineString':
      return geometry.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
    case 'MultiPoint':
      return geometry.coordinates.map((coordinates) => ({ type: 'Point', coordinates }));
    case 'GeometryCollection':
      return geometry.geometries.flatMap(partsOf);
    default:
      return [geometry];
  }
}

function nameOf(props: Record<string, unknown>): string | null {
  for (const key of NAME_KEYS) {
    const v = props[key];
    if ((typeof v === 'string' && v.trim()) || typeof v === 'number') {
      // Names go into CSV columns: no commas, quotes or line breaks, at most 64 characters.
      return String(v).replace(/[,"\r\n]+/g, ' ').trim().slice(0, 64);
    }
  }
  return null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

function zoneAttributes(props: Record<string, unknown>): Partial<ImportedZone> {
  const out: Partial<ImportedZone> = {};
  const density = num(props.density_stems_per_ha ?? props.density);
  if (density !== undefined && density > 0) out.density = density;
  const year = num(props.planting_year);
  if (year !== undefined && Number.isInteger(year) && year >= 0) out.year = year;
  if (typeof props.species === 'string' && props.species.trim()) {
    const mix = props.species.trim().split(/\s+/).map((s) => {
      const [species, fraction] = s.split(':');
      return { species, fraction: Number(fraction) };
    });
    if (mix.every((m) => m.species && m.fraction > 0 && m.fraction <= 1)) out.species = mix;
  }
  return out;
}

function fenceAttributes(props: Record<string, unknown>): Partial<ImportedFence> {
  const out: Partial<ImportedFence> = {};
  if (typeof props.type === 'string' && /^[a-z0-9_]+$/.test(props.type)) out.type = props.type;
  const install = num(props.install_year);
  if (install !== undefined && Number.isInteger(install) && install >= 0) out.installYear = install;
  const removal = num(props.removal_year);
  if (removal !== undefined && Number.isInteger(removal) && removal >= 0) out.removalYear = removal;
  return out;
}
