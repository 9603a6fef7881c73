// Retention through the plugin: a finished run's tracking document carries the date the
// dispatcher's sweep deletes it after, from the node's settings and its type's own.
import { waitFor } from '../../test_helpers/wait_for';
import { defineBackgroundTask } from '../define_background_task';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';
import type { TrackingDocument } from '../../common';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const after = (iso: string | undefined, ms: number) =>
  new Date(Date.parse(iso ?? '') + ms).toISOString();

describe('retention stamped by the plugin', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      config: { retention: { completed: '2d', failed: '3d' } },
      register: (setup) =>
        setup.registerTasks({
          'test:kept-long': defineBackgroundTask({
            retention: { completed: '90d' },
            async run() {
              return { payload: 'ok' };
            },
          }),
          'test:node-settings': defineBackgroundTask({
            async run() {
              throw new Error('boom');
            },
          }),
        }),
    });
  });

  afterAll(() => harness?.stop());

  async function finished(id: string, type: string): Promise<TrackingDocument> {
    const client = harness.start.getClient(harness.requestIn());
    await client.schedule({ task: { id, type }, params: {}, request: harness.requestIn() });
    return waitFor(
      async () => {
        const doc = await client.get(id);
        return doc.status !== 'in_progress' && 'retain_until' in doc ? doc : undefined;
      },
      { description: `task [${id}] to finish` }
    );
  }

  it("stamps a type's own retention, and the acknowledged one on acknowledge", async () => {
    const done = await finished('kept-long', 'test:kept-long');
    expect(done.status).toBe('completed');
    expect(done.retain_until).toBe(after(done.last_completed_at, 90 * DAY));

    const client = harness.start.getClient(harness.requestIn());
    await client.acknowledge('kept-long');
    const acked = (await client.get('kept-long')) as TrackingDocument;
    expect(acked.retain_until).toBe(after(acked.last_acknowledged_at, 7 * DAY));
  });

  it("stamps the node's setting for a type that sets none, and re-scheduling clears it", async () => {
    const failed = await finished('node-settings', 'test:node-settings');
    expect(failed.status).toBe('failed');
    expect(failed.retain_until).toBe(after(failed.last_failed_at, 3 * DAY));

    const client = harness.start.getClient(harness.requestIn());
    await client.schedule({
      task: { id: 'node-settings', type: 'test:node-settings' },
      params: {},
      request: harness.requestIn(),
    });
    const again = (await client.get('node-settings')) as TrackingDocument;
    expect(again.status).toBe('in_progress');
    expect(again.retain_until).toBeUndefined();
  });
});
