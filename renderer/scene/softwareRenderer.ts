/**
 * Whether WebGL here is a software rasteriser (SwiftShader, llvmpipe, Microsoft's WARP): read from a
 * throwaway context, before the view's own is made. On such a renderer multisampling is paid on the
 * CPU for every pixel of every tree, about doubling a frame's time, so the view goes without it.
 */
export function isSoftwareRenderer(): boolean {
  const probe = document.createElement('canvas');
  const gl = (probe.getContext('webgl2') ?? probe.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return false;
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return /swiftshader|llvmpipe|softpipe|software|warp/i.test(renderer);
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
