import type { HostTransport } from './hostClient.js';

/**
 * The local web host's WebSocket, under the page's own token-bearing URL, so it carries the token
 * without the page ever reading it.
 */
export async function webSocketTransport(pageUrl: string = location.href): Promise<HostTransport> {
  const url = new URL('api', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`Cannot reach the Reforest host at ${url.origin}.`));
  });
  return {
    send: (frame) => ws.send(frame),
    listen(onFrame, onClose) {
      ws.onmessage = (e) => onFrame(e.data as ArrayBuffer);
      ws.onclose = (e) => onClose(e.reason || 'the Reforest host stopped');
    },
  };
}

/**
 * A MessagePort to the host (the desktop shell's main process hands one to the page). Frames are
 * transferred, not copied: a year of a large forest is megabytes.
 */
export function messagePortTransport(port: MessagePort): HostTransport {
  return {
    send: (frame) => port.postMessage(frame, [frame]),
    listen(onFrame, onClose) {
      port.onmessage = (e: MessageEvent) => {
        if (e.data instanceof ArrayBuffer) onFrame(e.data);
      };
      // Chromium tells the other end when a port's owner goes (the shell's main process quitting).
      port.addEventListener('close', () => onClose('the Reforest app stopped'));
      port.start();
    },
  };
}
