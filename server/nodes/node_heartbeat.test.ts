import type { ElasticsearchClient, Logger } from '@kbn/core/server';
import type { NodeDocument } from '../../common/push/push_protocol';
import { NodeHeartbeat } from './node_heartbeat';

const INTERVAL_MS = 2000;

describe('NodeHeartbeat', () => {
  let outcomes: Array<'ok' | 'refused'>;
  let index: jest.Mock;
  let logger: { warn: jest.Mock; info: jest.Mock; debug: jest.Mock };
  let heartbeat: NodeHeartbeat;

  beforeEach(() => {
    jest.useFakeTimers();
    outcomes = [];
    index = jest.fn(async () => {
      if (outcomes.shift() === 'refused') throw new Error('connect ECONNREFUSED');
      return { result: 'updated' };
    });
    const esClient = {
      index,
      delete: jest.fn(async () => ({})),
      indices: { create: jest.fn(async () => ({})) },
    } as unknown as ElasticsearchClient;
    logger = { warn: jest.fn(), info: jest.fn(), debug: jest.fn() };
    heartbeat = new NodeHeartbeat({
      esClient,
      index: 'nodes',
      intervalMs: INTERVAL_MS,
      buildDocument: () => ({ id: 'node-1' }) as NodeDocument,
      logger: logger as unknown as Logger,
    });
  });

  afterEach(async () => {
    await heartbeat.stop();
    jest.useRealTimers();
  });

  it('writes each beat in one try, without the client retrying it', async () => {
    await heartbeat.start();
    expect(index).toHaveBeenCalledTimes(1);
    expect(index.mock.calls[0][1]).toEqual({ maxRetries: 0 });
  });

  it('beats every interval while writes succeed', async () => {
    await heartbeat.start();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(index).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(index).toHaveBeenCalledTimes(2);
  });

  it('retries a failed beat after 500 ms, so it lands soon after an outage', async () => {
    outcomes = ['refused', 'refused', 'refused'];
    await heartbeat.start();
    await jest.advanceTimersByTimeAsync(500);
    await jest.advanceTimersByTimeAsync(500);
    expect(index).toHaveBeenCalledTimes(3);
    // The outage ends: the next retry lands 500 ms later, then beats resume at the interval.
    await jest.advanceTimersByTimeAsync(500);
    expect(index).toHaveBeenCalledTimes(4);
    await jest.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(index).toHaveBeenCalledTimes(4);
    await jest.advanceTimersByTimeAsync(1);
    expect(index).toHaveBeenCalledTimes(5);
  });

  it('warns once per streak of failures (and every 30 s while it lasts), and says when beats land again', async () => {
    outcomes = Array.from({ length: 70 }, () => 'refused');
    await heartbeat.start();
    await jest.advanceTimersByTimeAsync(29_000);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toBe('Node heartbeat failed: connect ECONNREFUSED');
    await jest.advanceTimersByTimeAsync(1_500);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[1][0]).toMatch(/^Node heartbeat failed \(6\d in a row\)/);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(logger.info).toHaveBeenCalledWith(
      'Node heartbeat written again after 70 failed',
      expect.anything()
    );
  });
});
