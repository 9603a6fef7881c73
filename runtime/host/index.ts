// The runtime host's public entry points.
export { startHost, DEFAULT_CONFIG_FILE } from './start_host';
export type { HostHandle, StartHostOptions } from './start_host';
export { startNodes } from './cluster';
export type { NodeHandle, StartNodesOptions } from './cluster';
