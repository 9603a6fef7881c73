// Mirrors src/core/packages/http/server/src/router/headers.ts (elastic/kibana)

import type { IncomingHttpHeaders } from 'http';

/** @public */
export type StringKeysAsVals<T> = {
  [K in keyof T]: string extends K ? never : number extends K ? never : K;
};

/** Creates a Union type of all known keys of a given interface. @public */
export type KnownKeys<T> = StringKeysAsVals<T> extends { [_ in keyof T]: infer U } ? U : never;

/** Set of well-known HTTP headers. @public */
export type KnownHeaders = KnownKeys<IncomingHttpHeaders>;

/** Http request headers to read. @public */
export type Headers = { [header in KnownHeaders]?: string | string[] | undefined } & {
  [header: string]: string | string[] | undefined;
};

/** Http response headers to set. @public */
export type ResponseHeaders =
  Record<KnownHeaders, string | string[]> | Record<string, string | string[]>;
