// Several Task Manager nodes starting at once create the task index once, and every one of them
// can search it as soon as its own `ensureIndex` returns (the first claim follows at once).
import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, uniqueName } from '../../../../test_helpers/elasticsearch';
import { TaskStore } from '../task_store';

jest.setTimeout(60_000);

let client: Client;

beforeAll(() => {
  client = createTestEsClient();
});

afterAll(async () => {
  await client.close();
});

it('is searchable by every node that lost the creation race as soon as ensureIndex returns', async () => {
  const failures: string[] = [];
  for (let round = 0; round < 5; round++) {
    const index = uniqueName('.test-tm-create-race');
    try {
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          await new TaskStore(client, index).ensureIndex();
          try {
            await client.search({ index, size: 0 });
          } catch (error) {
            failures.push(`${index}: ${(error as Error).message}`);
          }
        })
      );
      expect(await client.indices.exists({ index })).toBe(true);
    } finally {
      await client.indices.delete({ index, ignore_unavailable: true });
    }
  }
  expect(failures).toEqual([]);
});
