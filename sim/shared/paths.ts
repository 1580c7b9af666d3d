/**
 * Collapses '.', empty and 'x/..' parts of a '/'-separated path ('\' read as '/'); leading '..' parts
 * stay. Platform-neutral, so the page (files picked from a folder) and the hosts (files the page
 * sends) find a file a scenario or survey names the same way.
 */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
