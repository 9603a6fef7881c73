import snapshot from './tracking_index_mappings.snapshot.json';
import { trackingIndexMappings } from './tracking_index_mappings';

// The tracking index outlives any one version of the plugin: a mapping change must be a
// deliberate, additive edit of the snapshot too, reviewed with the code.
describe('tracking index mappings', () => {
  it('match the checked-in snapshot (update the snapshot deliberately when they change)', () => {
    expect(trackingIndexMappings).toEqual(snapshot);
  });

  it('the comparison catches a field added without updating the snapshot', () => {
    const drifted = {
      ...trackingIndexMappings,
      properties: { ...trackingIndexMappings.properties, owner: { type: 'keyword' } },
    };
    expect(drifted).not.toEqual(snapshot);
  });

  it('keep the task payload out of the index and unknown fields out of the mappings', () => {
    expect(trackingIndexMappings.dynamic).toBe(false);
    expect(trackingIndexMappings.properties?.task).toEqual({ type: 'object', enabled: false });
  });
});
