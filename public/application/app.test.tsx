/** @jest-environment jsdom */
// The app against an in-memory stand-in of the routes: types from the server, schedule, queued
// and running, cancel, acknowledge, a failure and its details, dismissing, health.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { EuiProvider } from '@elastic/eui';
import type { HttpFetchOptions, HttpStart } from '@kbn/core/public';
import type { BackgroundTasksHealth, TaskListItem, TaskTypeInfo } from '../../common';
import { App } from './app';

const TYPES: TaskTypeInfo[] = [
  {
    type: 'examples:sleep',
    title: 'Sleep',
    params: {
      type: 'object',
      properties: { ms: { type: 'number', minimum: 0, description: 'How long, in ms.' } },
    },
    recurring: false,
  },
  {
    type: 'examples:fail',
    title: 'Fail',
    description: 'Always fails.',
    params: {
      type: 'object',
      properties: { message: { type: 'string', default: 'Example failure' } },
    },
    recurring: false,
  },
];

/** The routes, in memory; tests move tasks along with `update`. */
function fakeRoutes() {
  const tasks = new Map<string, TaskListItem>();
  const requests: string[] = [];
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
  const idOf = (path: string) => decodeURIComponent(path.split('/').pop()!);
  const get = async (path: string, options: HttpFetchOptions = {}) => {
    requests.push(`GET ${path}`);
    if (path === '/internal/background_tasks/_health') return health;
    if (path === '/internal/background_tasks/task_types') return { task_types: TYPES };
    if (path.endsWith('/_run')) {
      const recurring = tasks.get(decodeURIComponent(path.split('/').slice(-2)[0]))?.schedule;
      return {
        ...(recurring ? { schedule: { rrule: { freq: 3 } } } : {}),
        in_task_manager: true,
        status: 'failed',
        attempts: 1,
        owner_id: 'kibana:node-1',
        run_at: '2026-12-02T10:00:00.000Z',
        started_at: null,
        state: {},
      };
    }
    if (path === '/internal/background_tasks/tasks') {
      const { type } = options.query ?? {};
      const all = [...tasks.values()].filter((t) => !type || t.type === type);
      return {
        tasks: JSON.parse(JSON.stringify(all.reverse())) as TaskListItem[],
        total: all.length,
        page: 1,
        perPage: 20,
      };
    }
    throw new Error(`unexpected GET ${path}`);
  };
  const post = async (path: string, options: HttpFetchOptions = {}) => {
    const id = idOf(path);
    const query = options.query ?? {};
    requests.push(`POST ${path} ${Object.keys(query).join(',')}`);
    const task = tasks.get(id);
    if (query.schedule) {
      const body = JSON.parse(String(options.body)) as { type: string; params: unknown };
      const now = new Date().toISOString();
      tasks.set(id, {
        id,
        type: body.type,
        status: 'in_progress',
        space: 'default',
        created_at: now,
        updated_at: now,
        task: { params: body.params },
      });
      return { status: 'in_progress' };
    }
    if (query.cancel) task!.status = 'being_canceled';
    if (query.acknowledge) task!.status = 'acknowledged';
    return { status: task!.status };
  };
  const http = {
    get,
    post,
    basePath: { get: () => '/s/team-a' },
  } as unknown as HttpStart;
  const update = (id: string, change: Partial<TaskListItem>) => {
    Object.assign(tasks.get(id)!, change);
  };
  return { http, tasks, requests, update, health };
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

async function renderApp() {
  const server = fakeRoutes();
  render(
    <EuiProvider colorMode="light">
      <App http={server.http} />
    </EuiProvider>
  );
  await advance(0);
  return server;
}

async function chooseType(type: string) {
  fireEvent.click(screen.getByRole('button', { name: /Task type/ }));
  await advance(0);
  fireEvent.click(screen.getAllByRole('option').find((o) => o.textContent?.includes(type))!);
  await advance(0);
}

async function schedule(id: string, params: Record<string, string> = {}) {
  for (const [label, value] of Object.entries(params)) {
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  }
  fireEvent.change(screen.getByLabelText('Task id'), { target: { value: id } });
  fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
  await advance(0);
}

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z') }));
afterEach(() => {
  cleanup();
  jest.useRealTimers();
});

describe('the Background tasks app', () => {
  it('builds the form from the server’s types, and schedules with typed params', async () => {
    const server = await renderApp();
    expect(screen.getByText(/Space: team-a\./)).toBeTruthy();
    expect((screen.getByLabelText('Task id') as HTMLInputElement).value).toMatch(/^sleep-\w{6}$/);
    expect(screen.getByText('How long, in ms.')).toBeTruthy();
    await schedule('sleep-1', { ms: '1500' });
    expect(server.tasks.get('sleep-1')).toMatchObject({
      type: 'examples:sleep',
      task: { params: { ms: 1500 } },
    });
    expect(screen.getByRole('status', { name: 'Schedule result' }).textContent).toContain(
      'Scheduled sleep-1.'
    );
    // The type filter names types by their titles.
    const filter = screen.getByLabelText('Filter by type') as HTMLSelectElement;
    expect([...filter.options].map((o) => o.text)).toEqual(['All types', 'Sleep', 'Fail']);
  });

  it('shows Queued until the run started, then Running with its start, then Completed', async () => {
    const server = await renderApp();
    await schedule('sleep-1', { ms: '1000' });
    expect(rowOf('sleep-1').textContent).toContain('Queued');
    expect(rowOf('sleep-1').textContent).toContain('Waiting for a node');

    server.update('sleep-1', {
      run_started_at: '2026-12-02T10:00:00.500Z',
      updated_at: '2026-12-02T10:00:00.500Z',
    });
    await advance(1000);
    expect(rowOf('sleep-1').getAttribute('data-task-status')).toBe('in_progress');
    expect(rowOf('sleep-1').textContent).toContain('Running');
    expect(rowOf('sleep-1').textContent).toMatch(/since \d\d:\d\d:00/);
    expect(rowOf('sleep-1').textContent).toContain('Last report');

    server.update('sleep-1', {
      status: 'completed',
      run_started_at: undefined,
      last_completed_at: '2026-12-02T10:00:01.500Z',
      task: { params: { ms: 1000 }, payload: { slept: 1000 } },
    });
    await advance(1000);
    const row = rowOf('sleep-1');
    expect(row.textContent).toContain('Completed');
    expect(row.textContent).toContain('{"slept":1000}');
    expect(row.textContent).toContain('1.5 s');

    fireEvent.click(within(row).getByRole('button', { name: 'Acknowledge task sleep-1' }));
    await advance(0);
    expect(server.requests).toContain('POST /internal/background_tasks/tasks/sleep-1 acknowledge');
    expect(rowOf('sleep-1').textContent).toContain('Acknowledged');

    fireEvent.click(within(rowOf('sleep-1')).getByRole('button', { name: 'Dismiss task sleep-1' }));
    await advance(0);
    expect(document.querySelector('tr[data-task-id="sleep-1"]')).toBeNull();
  });

  it("shows a running task's progress bar, value and message, and a recurring task's runs", async () => {
    const server = await renderApp();
    await schedule('sleep-3', { ms: '10000' });
    server.update('sleep-3', {
      run_started_at: '2026-12-02T10:00:00.500Z',
      updated_at: '2026-12-02T10:00:00.500Z',
    });
    await advance(1000);
    // No value yet: a bar that only says the run is alive.
    const bar = () => within(rowOf('sleep-3')).getByRole('progressbar', { name: /sleep-3/ });
    expect(bar().getAttribute('value')).toBeNull();

    server.update('sleep-3', {
      updated_at: '2026-12-02T10:00:01.500Z',
      progress: { value: 0.4, message: 'step 4 of 10', at: '2026-12-02T10:00:01.500Z' },
      runs: 3,
      schedule: { cron: '*/5 * * * *', tz: 'UTC' },
      task: { params: { ms: 10000 }, payload: { slept: 10000 } },
    });
    await advance(1000);
    expect(bar().getAttribute('value')).toBe('40');
    expect(rowOf('sleep-3').textContent).toContain('40%');
    expect(rowOf('sleep-3').textContent).toContain('step 4 of 10');
    expect(rowOf('sleep-3').textContent).toContain('Last report');
    expect(rowOf('sleep-3').textContent).toContain('Runs: 3');

    fireEvent.click(screen.getByRole('button', { name: 'Show details of task sleep-3' }));
    await advance(0);
    const flyout = screen.getByRole('dialog');
    expect(flyout.textContent).toContain('Progress40% · step 4 of 10');
    expect(flyout.textContent).toContain('Runs3');
    expect(flyout.textContent).toContain('Next run');
    expect(within(flyout).getByRole('heading', { name: 'Last payload' })).toBeTruthy();
    expect(flyout.textContent).toContain('"slept": 10000');
  });

  it('cancels a running task', async () => {
    const server = await renderApp();
    await schedule('sleep-2', { ms: '600000' });
    fireEvent.click(within(rowOf('sleep-2')).getByRole('button', { name: 'Cancel task sleep-2' }));
    await advance(0);
    expect(server.requests).toContain('POST /internal/background_tasks/tasks/sleep-2 cancel');
    expect(rowOf('sleep-2').textContent).toContain('Canceling');
    server.update('sleep-2', { status: 'canceled', last_canceled_at: new Date().toISOString() });
    await advance(1000);
    expect(rowOf('sleep-2').textContent).toContain('Canceled');
    expect(within(rowOf('sleep-2')).queryByRole('button', { name: /Cancel task/ })).toBeNull();
  });

  it("shows a failed task's error in its row, and its details in the flyout", async () => {
    const server = await renderApp();
    await chooseType('examples:fail');
    expect((screen.getByLabelText('message') as HTMLInputElement).value).toBe('Example failure');
    await schedule('fail-1', { message: 'kaboom' });
    server.update('fail-1', {
      status: 'failed',
      last_failed_at: new Date().toISOString(),
      task: { params: { message: 'kaboom' }, error: 'kaboom' },
    });
    await advance(1000);
    expect(within(rowOf('fail-1')).getByRole('alert').textContent).toBe('kaboom');

    fireEvent.click(screen.getByRole('button', { name: 'Show details of task fail-1' }));
    await advance(0);
    const flyout = screen.getByRole('dialog');
    expect(within(flyout).getByRole('heading', { name: 'Task fail-1' })).toBeTruthy();
    expect(flyout.textContent).toContain('The task failed');
    expect(flyout.textContent).toContain('Fail (examples:fail)');
    expect(flyout.textContent).toContain('"message": "kaboom"');
    // Task Manager's side, from `GET tasks/{id}/_run`: the node and the attempts.
    expect(server.requests).toContain('GET /internal/background_tasks/tasks/fail-1/_run');
    expect(flyout.textContent).toContain('Nodekibana:node-1');
    expect(flyout.textContent).toContain('Attempts1');
  });

  it('says why scheduling was refused, without the previous success message', async () => {
    const server = await renderApp();
    await schedule('sleep-3', { ms: '1' });
    expect(screen.getByRole('status', { name: 'Schedule result' }).textContent).toContain(
      'Scheduled sleep-3.'
    );
    server.http.post = (async () => {
      throw new Error('Task is being canceled');
    }) as unknown as HttpStart['post'];
    await schedule('sleep-3', { ms: '1' });
    const status = screen.getByRole('status', { name: 'Schedule result' }).textContent;
    expect(status).toContain('Could not schedule sleep-3: Task is being canceled');
    expect(status).not.toContain('Scheduled sleep-3.');
  });

  it('shows the health line at the top, and the reason once it is not OK', async () => {
    const server = await renderApp();
    const panel = screen.getByRole('region', { name: 'Health' });
    expect(panel.textContent).toBe(
      'Health: OK · 2 live nodes (load 6 of 40) · leader dispatcher-1, term 3 · 0 due · ' +
        '6 runs/min, 0 failed in the last 300 s'
    );
    Object.assign(server.health, {
      status: 'warn',
      reason: 'drift: 4 due task(s) not started',
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
