// Mappings of the tracking index; guarded against drift by a checked-in snapshot.
import type { estypes } from '@elastic/elasticsearch';

/**
 * `dynamic: false` keeps unknown fields out of the mappings (they are still stored). Only
 * the fields queried by `list` and the stale computation are indexed; `task` (params,
 * payload, error) is opaque user data, stored and never indexed, so a consumer's payload
 * can never cause a mapping explosion or a type conflict.
 */
export const trackingIndexMappings: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: { type: 'keyword' },
    type: { type: 'keyword' },
    status: { type: 'keyword' },
    space: { type: 'keyword' },
    created_at: { type: 'date' },
    updated_at: { type: 'date' },
    run_started_at: { type: 'date' },
    last_completed_at: { type: 'date' },
    last_failed_at: { type: 'date' },
    last_canceled_at: { type: 'date' },
    last_acknowledged_at: { type: 'date' },
    // Retention: the sweep deletes by this date (`retention`, the policy, is stored only).
    retain_until: { type: 'date' },
    // Shown, never queried: the runner's last progress report and the count of finished runs.
    progress: { type: 'object', enabled: false },
    runs: { type: 'integer', index: false },
    schedule: { type: 'object', enabled: false },
    task: { type: 'object', enabled: false },
  },
};
