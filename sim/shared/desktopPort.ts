/** The desktop shell's preload posts the page its MessagePort to the host in a window message of this name. */
export const HOST_PORT_MESSAGE = 'reforest:host-port';
