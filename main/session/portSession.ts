import { HostSession, type HostSessionOptions } from './hostSession.js';

/**
 * The host's end of a MessagePort to a page, in the shape of Electron's MessagePortMain (a Node
 * MessagePort fits with a one-line shim).
 */
export interface HostPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

/**
 * Serves one page's HostSession over a MessagePort: the desktop shell's carrier. A frame that is not
 * a host API call closes the port; the port closing (the window gone) ends the session.
 */
export function servePort(port: HostPort, options: Omit<HostSessionOptions, 'send'>): HostSession {
  let open = true;
  const session = new HostSession({ ...options, send: (frame) => open && port.postMessage(frame) });
  const end = () => {
    if (!open) return;
    open = false;
    session.dispose();
  };
  port.on('message', ({ data }) => {
    if (!open) return;
    try {
      session.receive(asArrayBuffer(data));
    } catch {
      end();
      port.close();
    }
  });
  port.on('close', end);
  port.start();
  return session;
}

/** A frame as it arrives: an ArrayBuffer, or a view of one once the carrier has copied it. */
function asArrayBuffer(data: unknown): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  throw new Error('expected a binary frame');
}
