/** Builds a Babylon mesh from plain arrays; every layer makes its own geometry, so this is the one way in. */
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData.js';
import type { Scene } from '@babylonjs/core/scene.js';

export interface MeshArrays {
  positions: Float32Array | number[];
  indices: Uint32Array | number[];
  /** Computed from the triangles when omitted. */
  normals?: Float32Array | number[];
  /** RGBA per vertex. */
  colors?: Float32Array | number[];
  uvs?: Float32Array | number[];
}

export interface BuildMeshOptions {
  /** Keep the colour buffer updatable (terrain shading switches rewrite it). */
  updatableColors?: boolean;
}

export function buildMesh(scene: Scene, name: string, arrays: MeshArrays, options: BuildMeshOptions = {}): Mesh {
  const mesh = new Mesh(name, scene);
  const data = new VertexData();
  data.positions = arrays.positions;
  data.indices = arrays.indices;
  if (arrays.normals) data.normals = arrays.normals;
  else {
    const normals = new Float32Array(arrays.positions.length);
    VertexData.ComputeNormals(arrays.positions, arrays.indices, normals);
    data.normals = normals;
  }
  if (arrays.uvs) data.uvs = arrays.uvs;
  if (arrays.colors && !options.updatableColors) data.colors = arrays.colors;
  data.applyToMesh(mesh, false);
  if (arrays.colors && options.updatableColors) mesh.setVerticesData('color', arrays.colors, true, 4);
  return mesh;
}
