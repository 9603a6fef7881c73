// Mirrors src/core/packages/saved-objects/{server/src/mapping_definition,api-server/src/apis/bulk_delete,common/src/saved_objects}.ts (elastic/kibana)

import type { estypes } from '@elastic/elasticsearch';

/**
 * Describe a saved object type mapping field.
 * Simplified: Kibana's is a union over the `estypes.MappingProperty` variants.
 * @public
 */
export type SavedObjectsFieldMapping = estypes.MappingProperty & {
  /** Whether new fields may be added dynamically (only `false` or `'strict'`). */
  dynamic?: false | 'strict';
};

/** Describe the fields of a saved object type mapping. @public */
export interface SavedObjectsMappingProperties {
  [field: string]: SavedObjectsFieldMapping;
}

/** Describe a saved object type mapping. @public */
export interface SavedObjectsTypeMappingDefinition {
  /** The dynamic property of the mapping, either `false` or `'strict'`. */
  dynamic?: false | 'strict';
  /** The underlying properties of the type mapping */
  properties: SavedObjectsMappingProperties;
}

/** @public */
export interface SavedObjectError {
  error: string;
  message: string;
  statusCode: number;
  metadata?: Record<string, unknown>;
}

/** @public */
export interface SavedObjectsBulkDeleteStatus {
  /** The ID of the saved object */
  id: string;
  /** The type of the saved object */
  type: string;
  /** The status of deleting the object: true for deleted, false for error */
  success: boolean;
  /** Reason the object could not be deleted (success is false) */
  error?: SavedObjectError;
}

/** @public */
export interface SavedObjectsBulkDeleteResponse {
  statuses: SavedObjectsBulkDeleteStatus[];
}
