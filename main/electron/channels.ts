/** IPC channel on which the page's preload asks the main process for its MessagePort to the host. */
export const REQUEST_PORT_CHANNEL = 'reforest:request-host-port';
/** IPC channel on which the main process hands the preload that port. */
export const HOST_PORT_CHANNEL = 'reforest:host-port';
