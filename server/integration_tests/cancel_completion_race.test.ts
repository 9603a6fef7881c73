// Acceptance 3: cancel racing completion on 100 tasks; each ends in exactly one outcome, none lost.
import type { TrackingDocument } from '../../common';
import { waitFor } from '../../test_helpers/wait_for';
import type { TaskResult } from '../../common';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';

jest.setTimeout(90_000);

const COUNT = 100;

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}

type Phase = 'start' | 'end';

describe('cancel racing completion', () => {
  let harness: Harness;
  // The test cancels from inside the runs, at chosen phases: no timing guesses.
  let onPhase: (id: string, phase: Phase) => void = () => undefined;

  beforeAll(async () => {
    harness = await startHarness({
      // A fast check interval puts the watcher in the race too.
      config: { cancellation_check_interval_ms: 50 },
      register: (setup) =>
        setup.registerTasks({
          'test:short': {
            async run({ params, signal, taskInstance }) {
              onPhase(taskInstance.id, 'start');
              await abortableDelay((params as { ms: number }).ms, signal);
              onPhase(taskInstance.id, 'end');
              return { payload: { id: taskInstance.id } };
            },
          },
        }),
    });
  });

  afterAll(() => harness?.stop());

  it('ends every task canceled or completed, matching what cancel() answered', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    const ids = Array.from({ length: COUNT }, (_, i) => `race-${i}`);
    const answers = new Map<string, Promise<TaskResult>>();
    const cancel = (id: string) => {
      if (!answers.has(id)) answers.set(id, taskClient.cancel(id));
    };
    // Four ways to meet: cancel before the run starts, as it starts, at the very moment it
    // returns (racing the completion write), and after it completed.
    const when = (id: string) => ['before', 'start', 'end', 'after'][Number(id.split('-')[1]) % 4];
    onPhase = (id, phase) => {
      if (when(id) === phase) cancel(id);
    };
    await Promise.all(
      ids.map(async (id, i) => {
        await taskClient.schedule({
          task: { id, type: 'test:short' },
          // A `start` cancel meets a run that lasts until it is aborted: its completion cannot
          // overtake the cancel's write (the run's finish needs no read of its own any more).
          params: { ms: when(id) === 'start' ? 10_000 : i % 20 },
          request: harness.requestIn(),
        });
        if (when(id) === 'before') cancel(id);
      })
    );
    const late = ids.filter((id) => when(id) === 'after');
    await Promise.all(
      late.map(async (id) => {
        await waitFor(async () => (await taskClient.getStatus(id)).status === 'completed', {
          timeoutMs: 30_000,
          description: `${id} to complete`,
        });
        cancel(id);
      })
    );
    await waitFor(() => answers.size === COUNT, { timeoutMs: 30_000, description: 'all cancels' });
    const answered = new Map<string, TaskResult>();
    for (const [id, answer] of answers) answered.set(id, await answer);

    const docs = await waitFor(
      async () => {
        const found = await harness.client.mget<TrackingDocument>({
          index: harness.trackingIndex,
          ids,
        });
        const sources = found.docs.map((doc) => ('_source' in doc ? doc._source : undefined));
        const done = sources.every(
          (doc) => doc?.status === 'canceled' || doc?.status === 'completed'
        );
        return done ? (sources as TrackingDocument[]) : undefined;
      },
      { timeoutMs: 30_000, description: 'every task to end canceled or completed' }
    );

    const tally = { completed: 0, canceledWhileRunning: 0, canceledBeforeStart: 0 };
    for (const doc of docs) {
      const answer = answered.get(doc.id)!;
      if (answer.status === 'completed') {
        // The cancel came too late: the completion stands, with its payload.
        tally.completed++;
        expect(doc).toMatchObject({ status: 'completed', task: { payload: { id: doc.id } } });
        expect(doc.last_completed_at).toBeDefined();
        expect(doc.last_canceled_at).toBeUndefined();
      } else {
        // The cancel was accepted: the task ends canceled, whatever its run did after.
        expect(['being_canceled', 'canceled']).toContain(answer.status);
        if (answer.status === 'canceled') tally.canceledBeforeStart++;
        else tally.canceledWhileRunning++;
        expect(doc.status).toBe('canceled');
        expect(doc.last_canceled_at).toBeDefined();
        expect(doc.last_completed_at).toBeUndefined();
        expect(doc.task.payload).toBeUndefined();
      }
      expect(doc.last_failed_at).toBeUndefined();
    }
    expect(tally.completed + tally.canceledWhileRunning + tally.canceledBeforeStart).toBe(COUNT);
    // Every `after` cancel found the task completed; every `start` cancel was accepted.
    expect(tally.completed).toBeGreaterThanOrEqual(late.length);
    expect(tally.canceledWhileRunning).toBeGreaterThanOrEqual(COUNT / 4);
    console.log(`cancel/completion race outcomes: ${JSON.stringify(tally)}`);
  });
});
