// The page's preload (bundled as preload.cjs: a sandboxed preload is one CommonJS file). It gives the
// page nothing of Node or Electron: only a way to ask for its MessagePort to the host, which it posts
// to the page's own window as soon as the main process hands it over.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../../sim/hostApi/desktop.js';
import { HOST_PORT_MESSAGE } from '../../sim/shared/desktopPort.js';
import { HOST_PORT_CHANNEL, REQUEST_PORT_CHANNEL } from './channels.js';

/** The page's window as the preload sees it (this file is compiled without the DOM's types). */
declare const window: { location: { origin: string }; postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void };

ipcRenderer.on(HOST_PORT_CHANNEL, (event) => {
  window.postMessage(HOST_PORT_MESSAGE, window.location.origin, event.ports);
});

const bridge: DesktopBridge = {
  platform: process.platform,
  requestHostPort: () => ipcRenderer.send(REQUEST_PORT_CHANNEL),
};
contextBridge.exposeInMainWorld('reforestDesktop', bridge);
