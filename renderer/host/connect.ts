import type { HostApi } from '../../sim/host/api.js';
import { connectWebHost } from './webClient.js';

declare global {
  interface Window {
    /** Set by the Electron shell's preload script; absent when the page is served by the web host. */
    reforestHost?: HostApi;
  }
}

/** The host this page runs under: Electron's preload API when present, else the local web host. */
export function connectHost(): Promise<HostApi> {
  return window.reforestHost ? Promise.resolve(window.reforestHost) : connectWebHost();
}
