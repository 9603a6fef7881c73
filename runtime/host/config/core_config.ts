// The host's own settings (server, path, node, elasticsearch, logging, plugins), validated like a plugin's.
import { schema } from '@kbn/config-schema';
import type { TypeOf } from '@kbn/config-schema';

const credentialSchema = schema.object({
  /** the exact `Authorization` header value a client sends, e.g. `Bearer abc` */
  authorization: schema.string({ minLength: 1 }),
  /** the Kibana privileges this credential holds, e.g. `manage_background_tasks` */
  privileges: schema.arrayOf(schema.string({ minLength: 1 }), { defaultValue: [] }),
});

export const serverConfigSchema = schema.object({
  /** TCP port to listen on; 0 picks a free one. @defaultValue 5601 */
  port: schema.number({ defaultValue: 5601, min: 0, max: 65535 }),
  /** interface to bind. @defaultValue `'localhost'` */
  host: schema.string({ defaultValue: 'localhost' }),
  /** the node's display name in `/api/status`. @defaultValue the machine's host name */
  name: schema.maybe(schema.string()),
  /** the URL end users reach this node at, when it differs from host:port. */
  publicBaseUrl: schema.maybe(schema.uri()),
  /** pins the node id instead of the one stored in `<path.data>/uuid`. */
  uuid: schema.maybe(schema.string()),
  xsrf: schema.object({
    /** accept POST/PUT/PATCH/DELETE without a `kbn-xsrf` header. @defaultValue false */
    disableProtection: schema.boolean({ defaultValue: false }),
  }),
  /**
   * Kibana security. Absent: security is disabled and every request holds every privilege.
   * `credentials`: the unsecured default's stand-in, each request authenticated by its exact
   * `Authorization` header. `elasticsearch: true`: as Kibana with security on, each request is
   * authenticated by Elasticsearch and route privileges are its application privileges; the
   * internal user (`elasticsearch.username`) needs `manage_security`.
   */
  authz: schema.maybe(
    schema.object(
      {
        credentials: schema.maybe(schema.arrayOf(credentialSchema)),
        /** authenticate and authorize with Elasticsearch security. @defaultValue false */
        elasticsearch: schema.boolean({ defaultValue: false }),
      },
      {
        validate: (value) =>
          (value.credentials !== undefined) !== value.elasticsearch
            ? undefined
            : 'give either credentials or elasticsearch: true',
      }
    )
  ),
  /** milliseconds to wait for in-flight requests when stopping. @defaultValue 5000 */
  shutdownTimeout: schema.number({ defaultValue: 5000, min: 0 }),
});

export const pathConfigSchema = schema.object({
  /** folder for node state (the `uuid` file); relative to the repository root. @defaultValue `'.cache/data'` */
  data: schema.string({ defaultValue: '.cache/data' }),
});

const roleSchema = schema.oneOf([
  schema.literal('background_tasks'),
  schema.literal('ui'),
  schema.literal('migrator'),
  schema.literal('*'),
]);

export const nodeConfigSchema = schema.object({
  /** what this node does; without `background_tasks` it claims and runs no tasks. @defaultValue `['background_tasks', 'ui']` */
  roles: schema.arrayOf(roleSchema, { defaultValue: ['background_tasks', 'ui'], minSize: 1 }),
});

export const elasticsearchConfigSchema = schema.object({
  /** Elasticsearch URL(s). @defaultValue `'http://localhost:9200'` */
  hosts: schema.oneOf([schema.uri(), schema.arrayOf(schema.uri(), { minSize: 1 })], {
    defaultValue: 'http://localhost:9200',
  }),
  /** basic-auth user of the internal client. */
  username: schema.maybe(schema.string()),
  /** basic-auth password of the internal client. */
  password: schema.maybe(schema.string()),
  /** per-request timeout, in ms. @defaultValue 30000 */
  requestTimeout: schema.number({ defaultValue: 30000, min: 1 }),
});

export const loggingConfigSchema = schema.object({
  root: schema.object({
    /** lowest level written. @defaultValue `'info'` */
    level: schema.oneOf(
      [
        schema.literal('all'),
        schema.literal('fatal'),
        schema.literal('error'),
        schema.literal('warn'),
        schema.literal('info'),
        schema.literal('debug'),
        schema.literal('trace'),
        schema.literal('off'),
      ],
      { defaultValue: 'info' }
    ),
  }),
  /** write one JSON object per line (ECS field names). @defaultValue false */
  json: schema.boolean({ defaultValue: false }),
});

export const pluginsConfigSchema = schema.object({
  /** discover this repository's plugin, runtime/task_manager, runtime/encrypted_saved_objects, runtime/spaces, runtime/features and examples/*. @defaultValue true */
  defaults: schema.boolean({ defaultValue: true }),
  /** further plugin folders (each holds a kibana.jsonc); relative to the repository root. @defaultValue [] */
  paths: schema.arrayOf(schema.string(), { defaultValue: [] }),
});

/** Core config sections, by top-level key. */
export const coreConfigSchemas = {
  server: serverConfigSchema,
  path: pathConfigSchema,
  node: nodeConfigSchema,
  elasticsearch: elasticsearchConfigSchema,
  logging: loggingConfigSchema,
  plugins: pluginsConfigSchema,
};

export interface CoreConfig {
  server: TypeOf<typeof serverConfigSchema>;
  path: TypeOf<typeof pathConfigSchema>;
  node: TypeOf<typeof nodeConfigSchema>;
  elasticsearch: TypeOf<typeof elasticsearchConfigSchema>;
  logging: TypeOf<typeof loggingConfigSchema>;
  plugins: TypeOf<typeof pluginsConfigSchema>;
}
