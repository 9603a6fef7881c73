// Mirrors src/core/packages/spaces/common/index.ts (elastic/kibana main, 2026), with src/space_id.ts and src/spaces_url_parser.ts: new since 9.3

declare const spaceIdBrand: unique symbol;

/** A branded string type for Kibana space identifiers. */
export type SpaceId = string & { readonly [spaceIdBrand]: never };

/** Validates and brands a plain string; throws unless it matches `/^[a-z0-9_-]+$/`. */
export declare const asSpaceId: (value: string) => SpaceId;

/** The identifier of the built-in default Kibana space. */
export declare const DEFAULT_SPACE_ID: SpaceId;

/** `/s/<spaceId>`, or an empty string for the default space. */
export declare const getSpaceUrlPrefix: (spaceId: SpaceId) => string;

/** Extracts the space id from the given path. */
export declare function getSpaceIdFromPath(
  requestBasePath?: string,
  serverBasePath?: string
): { spaceId: SpaceId; pathHasExplicitSpaceIdentifier: boolean };

/** The space-aware version of `requestedPath`, inclusive of the server's base path. */
export declare function addSpaceIdToPath(
  basePath?: string,
  spaceId?: string,
  requestedPath?: string
): string;
