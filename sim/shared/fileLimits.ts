/** Largest scenario file the page or the desktop app opens: rasters go in their own files. */
export const MAX_SCENARIO_BYTES = 16 * 2 ** 20;
/** Largest GIS file of zones and fences the page or the desktop app imports. */
export const MAX_GIS_BYTES = 48 * 2 ** 20;
