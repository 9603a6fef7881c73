// Mirrors src/core/packages/http/server-utils/index.ts (elastic/kibana): builds KibanaRequests outside a route handler

export { kibanaRequestFactory, isCoreKibanaRequest } from './src/request';
