/** @jest-environment jsdom */
// The page against an in-memory stand-in of the task routes: schedule, watch, cancel, acknowledge.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { HttpFetchOptions, HttpStart } from '@kbn/core/public';
import type { BackgroundTasksHealth, TaskListItem, TaskResult } from '../../../common';
import { App } from './app';

/** A tracking document, as the fake server keeps it. */
type FakeTask = TaskListItem & { task: { params: Record<string, unknown> } };

/** The task routes of docs/architecture.md, in memory; tests move tasks along with `finish`. */
function fakeTaskRoutes() {
  const tasks = new Map<string, FakeTask>();
  const schedules = new Map<string, unknown>();
  const requests: string[] = [];
  const resultOf = (task: FakeTask | undefined): TaskResult => {
    if (!task) return { status: 'not_started' };
    if (task.status === 'failed') return { status: 'failed', error: task.task.error ?? '' };
    if (task.status === 'completed' || task.status === 'acknowledged') {
      return { status: task.status, payload: task.task.payload };
    }
    return { status: task.status } as TaskResult;
  };
  const idOf = (path: string) => decodeURIComponent(path.split('/').pop()!);
  const health: BackgroundTasksHealth = {
    status: 'OK',
    last_update: new Date(0).toISOString(),
    push: true,
    nodes: { live: 2, capacity: 40, load: 6, list: [] },
    leader: { holder: 'dispatcher-1', term: 3, expires_at: new Date(0).toISOString(), valid: true },
    due: { count: 0, drift_ms: 0 },
    runs: { window_ms: 300_000, completed: 30, failed: 0, per_minute: 6, failure_ratio: 0 },
    task_types: {},
  };

  const get = async (path: string, options: HttpFetchOptions = {}) => {
    requests.push(`GET ${path}`);
    if (path === '/internal/background_tasks/_health') return health;
    if (path === '/internal/background_tasks/tasks') {
      const { type, status } = options.query ?? {};
      const all = [...tasks.values()].filter(
        (t) => (!type || t.type === type) && (!status || t.status === status)
      );
      return { tasks: all.reverse(), total: all.length, page: 1, perPage: 20 };
    }
    return resultOf(tasks.get(idOf(path)));
  };

  const post = async (path: string, options: HttpFetchOptions = {}) => {
    const id = idOf(path);
    const query = options.query ?? {};
    requests.push(`POST ${path} ${Object.keys(query).join(',')}`);
    const task = tasks.get(id);
    if (query.schedule) {
      const body = JSON.parse(String(options.body)) as FakeTask['task'] & {
        type: string;
        schedule?: unknown;
      };
      schedules.set(id, body.schedule);
      const now = new Date().toISOString();
      tasks.set(id, {
        id,
        type: body.type,
        status: 'in_progress',
        space: 'default',
        created_at: now,
        updated_at: now,
        task: { params: body.params },
        ...(body.schedule
          ? { schedule: { tz: 'UTC', ...(body.schedule as { cron: string }) } }
          : {}),
      });
    } else if (query.cancel) {
      if (!task) throw Object.assign(new Error('not found'), { name: 'HttpFetchError' });
      task.status = 'being_canceled';
    } else if (query.acknowledge) {
      if (task?.status !== 'completed') throw new Error('Task is not completed');
      task.status = 'acknowledged';
    }
    return resultOf(tasks.get(id));
  };

  const http = { get, post } as unknown as HttpStart;
  const finish = (
    id: string,
    status: FakeTask['status'],
    outcome: { payload?: unknown; error?: string } = {}
  ) => {
    const task = tasks.get(id)!;
    task.status = status;
    task.task = { ...task.task, ...outcome };
  };
  return { http, tasks, schedules, requests, finish, health };
}

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

function rowOf(id: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`tr[data-task-id="${id}"]`);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
}

async function schedule(type: string, id: string, params: Record<string, string> = {}) {
  fireEvent.change(screen.getByLabelText('Task type'), { target: { value: type } });
  for (const [label, value] of Object.entries(params)) {
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  }
  fireEvent.change(screen.getByLabelText('Task id'), { target: { value: id } });
  fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
  await advance(0);
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  cleanup();
  jest.useRealTimers();
});

describe('the page', () => {
  it('schedules a task with its parameters, shows it in progress, then completed, then acknowledged', async () => {
    const server = fakeTaskRoutes();
    render(<App http={server.http} spaceLabel="default" />);
    await advance(0);
    expect(screen.getByText('No tasks yet. Schedule one with the form.')).toBeTruthy();

    await schedule('examples:count', 'count-1', {
      'Count to': '3',
      'Pause between steps (ms)': '10',
    });
    expect(server.tasks.get('count-1')).toMatchObject({
      type: 'examples:count',
      task: { params: { n: 3, delayMs: 10 } },
    });
    expect(screen.getByText('Scheduled count-1.')).toBeTruthy();
    expect(within(rowOf('count-1')).getByRole('status').textContent).toBe('In progress');

    server.finish('count-1', 'completed', { payload: { counted: 3 } });
    await advance(1000);
    const row = rowOf('count-1');
    expect(within(row).getByRole('status').textContent).toBe('Completed');
    expect(row.textContent).toContain('{"counted":3}');

    fireEvent.click(within(row).getByRole('button', { name: 'Acknowledge task count-1' }));
    await advance(0);
    expect(within(rowOf('count-1')).getByRole('status').textContent).toBe('Acknowledged');
    expect(server.tasks.get('count-1')?.status).toBe('acknowledged');
  });

  it('schedules a recurring task with the cron expression and time zone given, else once', async () => {
    const server = fakeTaskRoutes();
    render(<App http={server.http} spaceLabel="default" />);
    await advance(0);
    await schedule('examples:count', 'once-1');
    expect(server.schedules.get('once-1')).toBeUndefined();
    fireEvent.change(screen.getByLabelText('Repeat (cron)'), {
      target: { value: ' */5 * * * * ' },
    });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Berlin' } });
    await schedule('examples:count', 'cron-1');
    expect(server.schedules.get('cron-1')).toEqual({ cron: '*/5 * * * *', tz: 'Europe/Berlin' });
    await advance(5000);
    expect(rowOf('cron-1').textContent).toContain('*/5 * * * * (Europe/Berlin)');
  });

  it('cancels a running task: canceling at once, canceled when the server says so', async () => {
    const server = fakeTaskRoutes();
    render(<App http={server.http} spaceLabel="default" />);
    await advance(0);
    await schedule('examples:heartbeat', 'beat-1');

    fireEvent.click(within(rowOf('beat-1')).getByRole('button', { name: 'Cancel task beat-1' }));
    expect(within(rowOf('beat-1')).getByRole('status').textContent).toBe('Canceling');
    await advance(0);
    expect(server.requests).toContain('POST /internal/background_tasks/tasks/beat-1 cancel');

    server.finish('beat-1', 'canceled');
    await advance(1000);
    expect(within(rowOf('beat-1')).getByRole('status').textContent).toBe('Canceled');
    expect(within(rowOf('beat-1')).queryAllByRole('button')).toEqual([]);
  });

  it("shows a failed task's error", async () => {
    const server = fakeTaskRoutes();
    render(<App http={server.http} spaceLabel="default" />);
    await advance(0);
    await schedule('examples:fail', 'fail-1', { 'Error message': 'kaboom' });
    expect(server.tasks.get('fail-1')?.task.params).toEqual({ message: 'kaboom' });

    server.finish('fail-1', 'failed', { error: 'kaboom' });
    await advance(1000);
    expect(within(rowOf('fail-1')).getByRole('alert').textContent).toBe('kaboom');
  });

  it('offers a fresh generated id after scheduling, and says why scheduling failed', async () => {
    const server = fakeTaskRoutes();
    render(<App http={server.http} spaceLabel="default" />);
    await advance(0);
    const idInput = screen.getByLabelText('Task id') as HTMLInputElement;
    expect(idInput.value).toMatch(/^sleep-[a-z0-9]{6}$/);
    const first = idInput.value;
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    await advance(0);
    expect(server.tasks.has(first)).toBe(true);
    expect(idInput.value).not.toBe(first);

    server.http.post = (async () => {
      throw new Error('Task is being canceled');
    }) as unknown as HttpStart['post'];
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    await advance(0);
    expect(screen.getByText(/Could not schedule .*: Task is being canceled/)).toBeTruthy();
  });

  it('stops polling a task once it is final', async () => {
    const server = fakeTaskRoutes();
    render(<App http={server.http} spaceLabel="default" />);
    await advance(0);
    await schedule('examples:sleep', 'sleep-1');
    server.finish('sleep-1', 'completed');
    await advance(1000);
    const polls = () =>
      server.requests.filter((r) => r === 'GET /internal/background_tasks/tasks/sleep-1').length;
    const before = polls();
    await advance(10_000);
    expect(polls()).toBe(before);
  });

  it('shows the health line at the top, and the reason once it is not OK', async () => {
    const server = fakeTaskRoutes();
    render(<App http={server.http} spaceLabel="default" />);
    await advance(0);
    const panel = screen.getByRole('region', { name: 'Health' });
    expect(panel.textContent).toBe(
      'Health: OK · 2 live nodes (load 6 of 40) · leader dispatcher-1, term 3 · 0 due · ' +
        '6 runs/min, 0 failed in the last 300 s'
    );
    Object.assign(server.health, {
      status: 'warn',
      reason:
        'drift: 4 due task(s) not started, the oldest (examples:count) 75s late (warn at 60s)',
      leader: { ...server.health.leader, valid: false },
      due: { count: 4, drift_ms: 75_000 },
    });
    await advance(5000);
    expect(panel.textContent).toContain('Health: warn');
    expect(panel.textContent).toContain(
      'leader dispatcher-1, term 3 (lease expired) · 4 due, oldest 75 s late'
    );
    expect(panel.textContent).toContain('drift: 4 due task(s) not started');
  });
});
