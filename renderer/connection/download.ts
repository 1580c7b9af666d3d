import type { SaveResult } from '../../sim/hostApi/api.js';

/** Saves bytes the browser way: a download the user keeps or discards. */
export function downloadFile(fileName: string, mimeType: string, data: string | Uint8Array): SaveResult {
  const part: BlobPart = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download starts asynchronously and needs the URL until then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { saved: true, location: fileName };
}
