import type { ElasticsearchClient } from '@kbn/core/server';
import { configSchema } from '../config';
import { readHealth } from './read_health';

const config = configSchema.validate({}).health;
const indices = { tasks: 't', tracking: 'tr', nodes: 'n', dispatcher: 'd' };
const empty = { took: 1, hits: { hits: [] } };

function fakeEs(responses: unknown[]) {
  const msearch = jest.fn().mockResolvedValue({ took: 1, responses });
  return { esClient: { msearch } as unknown as ElasticsearchClient, msearch };
}

describe('readHealth', () => {
  it('sends one _msearch and builds the report for the instant it read', async () => {
    const { esClient, msearch } = fakeEs([empty, empty, empty, empty]);
    const report = await readHealth({
      esClient,
      indices,
      config,
      pushEnabled: false,
      now: () => Date.parse('2026-01-01T00:00:00.000Z'),
    });
    expect(msearch).toHaveBeenCalledTimes(1);
    expect(report).toMatchObject({ status: 'OK', last_update: '2026-01-01T00:00:00.000Z' });
  });

  it('fails, naming the search, when one search of the _msearch failed', async () => {
    const failed = { status: 400, error: { type: 'search_phase_execution_exception' } };
    const { esClient } = fakeEs([empty, empty, failed, empty]);
    await expect(readHealth({ esClient, indices, config, pushEnabled: false })).rejects.toThrow(
      /health search of \[tasks\] failed: .*search_phase_execution_exception/
    );
  });
});
