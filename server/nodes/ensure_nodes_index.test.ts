import { nodesIndexMappings } from './ensure_nodes_index';

// The dispatcher queries these fields (also against a newer or older node's index): a mapping
// change must be a deliberate, additive edit here too.
describe('nodes index mappings', () => {
  it('map the fields the dispatcher reads, and keep task type names out of the mappings', () => {
    expect(nodesIndexMappings).toEqual({
      dynamic: false,
      properties: {
        id: { type: 'keyword' },
        push_url: { type: 'keyword' },
        capacity: { type: 'integer' },
        last_seen: { type: 'date' },
        task_types: { type: 'object', enabled: false },
      },
    });
  });
});
