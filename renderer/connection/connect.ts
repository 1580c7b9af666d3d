import type { HostApi } from '../../sim/hostApi/api.js';
import type { DesktopBridge } from '../../sim/hostApi/desktop.js';
import { HOST_PORT_MESSAGE } from '../../sim/shared/desktopPort.js';
import { HostClient } from './hostClient.js';
import { messagePortTransport, webSocketTransport } from './transports.js';

declare global {
  interface Window {
    /** Set by the desktop shell's preload; absent when the page is served by the web host. */
    reforestDesktop?: DesktopBridge;
  }
}

/** The host this page runs under: the desktop shell's MessagePort when there is one, else the local web host's WebSocket. */
export async function connectHost(): Promise<HostApi> {
  const desktop = window.reforestDesktop;
  if (desktop) return new HostClient(messagePortTransport(await hostPort(desktop)), { files: 'host' });
  return new HostClient(await webSocketTransport(), { files: 'download' });
}

/** Asks the shell for the port and waits for the window message that carries it. */
function hostPort(desktop: DesktopBridge): Promise<MessagePort> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The Reforest app did not connect the page to its host.')), 30_000);
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window || e.data !== HOST_PORT_MESSAGE || !e.ports[0]) return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(e.ports[0]);
    };
    window.addEventListener('message', onMessage);
    desktop.requestHostPort();
  });
}
