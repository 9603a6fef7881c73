// The default space's id and space-aware paths, as Kibana's spaces helpers build them, in every Kibana this plugin supports.

/*
 * A local copy because no import has them in both Kibana versions: 9.3 exports them from
 * `@kbn/spaces-plugin/common` (re-exported from `@kbn/spaces-utils`); main (2026) deleted
 * `@kbn/spaces-utils` and exports them only from `@kbn/core-spaces-common`, which 9.3 lacks.
 * Mirrors src/core/packages/spaces/common/src/{space_id,spaces_url_parser}.ts (elastic/kibana).
 */

/** The id of the space every Kibana has, addressed without a `/s/{id}` URL prefix. */
export const DEFAULT_SPACE_ID = 'default';

/**
 * `requestedPath` under `basePath`, prefixed with `/s/{spaceId}` unless the space is the
 * default one; `'/'` when everything is empty. Throws when `requestedPath` is relative.
 */
export function addSpaceIdToPath(basePath = '/', spaceId = '', requestedPath = ''): string {
  if (requestedPath && !requestedPath.startsWith('/')) {
    throw new Error(`path must start with a /`);
  }
  const normalizedBasePath = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  const spacePrefix = spaceId && spaceId !== DEFAULT_SPACE_ID ? `/s/${spaceId}` : '';
  return `${normalizedBasePath}${spacePrefix}${requestedPath}` || '/';
}
