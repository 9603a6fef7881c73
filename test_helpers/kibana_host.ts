// Integration tests' access to the runtime host (as Kibana's tests use @kbn/core-test-helpers-kbn-server).
export { startHost, startNodes } from '../runtime/host';
export type { HostHandle, NodeHandle, StartNodesOptions } from '../runtime/host';
export { REPO_ROOT } from '../runtime/host/repo_root';
