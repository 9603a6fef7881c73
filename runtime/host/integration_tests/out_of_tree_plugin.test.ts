// The README's "Write a consumer plugin" guide as written: its blocks, copied into a temporary
// folder outside the repository, type-check with 0 errors and run as a plugin of `plugins.paths`.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { e2eFixtureSettings } from '../../../scripts/system/e2e_workload';
import { createTestEsClient } from '../../../test_helpers/elasticsearch';
import { REPO_ROOT } from '../../../test_helpers/kbn_server';
import { startTestSystem, type TestSystem } from '../../../test_helpers/system';
import { waitFor } from '../../../test_helpers/wait_for';

/** `<!-- guide:<path> -->` right before a fenced block marks that block as the file `<path>`. */
const GUIDE_BLOCK = /<!-- guide:(\S+) -->\s*```[\w-]*\n([\s\S]*?)\n```/g;
const GUIDE_FILES = [
  'kibana.jsonc',
  'tsconfig.json',
  'server/index.ts',
  'server/task_types.ts',
  'server/plugin.ts',
];
const BASE = '/internal/my_plugin';

const es = createTestEsClient();
let root: string;
let pluginDir: string;
let system: TestSystem | undefined;

async function writeGuide(): Promise<void> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(GUIDE_BLOCK)].map(([, path, text]) => ({ path, text }));
  expect(blocks.map(({ path }) => path)).toEqual(GUIDE_FILES);
  for (const { path, text } of blocks) {
    await mkdir(dirname(join(pluginDir, path)), { recursive: true });
    await writeFile(join(pluginDir, path), `${text}\n`);
  }
}

function typeCheck(dir: string): { files: string[]; errors: string } {
  const configFile = join(dir, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = [
    ...(error ? [error] : []),
    ...parsed.errors,
    ...ts.getPreEmitDiagnostics(program),
  ];
  const errors = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  });
  return { files: parsed.fileNames.map((file) => file.slice(dir.length + 1)), errors };
}

async function call(method: 'GET' | 'POST', path: string, body?: object) {
  const host = (system as TestSystem).nodes[0];
  const response = await fetch(`${host.url}${BASE}${path}`, {
    method,
    headers: { 'kbn-xsrf': 'test', 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function statusOf(id: string, expected: string) {
  return waitFor(
    async () => {
      const { body } = await call('GET', `/tasks/${id}`);
      return body.status === expected ? body : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, description: `task ${id} to read ${expected}` }
  );
}

beforeAll(async () => {
  // The guide's layout: the plugin next to a clone named `background-tasks`.
  root = await mkdtemp(join(tmpdir(), 'bt-consumer-'));
  pluginDir = join(root, 'my_plugin');
  await symlink(REPO_ROOT, join(root, 'background-tasks'), 'dir');
  await writeGuide();
});

afterAll(async () => {
  await system?.stop();
  await es.close();
  await rm(root, { recursive: true, force: true });
});

it("type-checks the guide's plugin with 0 errors", () => {
  const { files, errors } = typeCheck(pluginDir);
  expect(files.sort()).toEqual(['server/index.ts', 'server/plugin.ts', 'server/task_types.ts']);
  expect(errors).toBe('');
});

it('loads it through plugins.paths; its routes schedule, complete, cancel and read statuses', async () => {
  const paths = e2eFixtureSettings('unused')['plugins.paths'] as string[];
  system = await startTestSystem(es, 'consumer-plugin', {
    hosts: { count: 1, config: { 'plugins.paths': [...paths, pluginDir] } },
  });

  expect(await call('GET', '/tasks/never-scheduled')).toEqual({
    status: 200,
    body: { status: 'not_started' },
  });

  // one-shot: in progress, then completed with its payload
  expect(await call('POST', '/exports/e1', { rows: 3, delayMs: 20 })).toEqual({
    status: 200,
    body: { status: 'in_progress' },
  });
  expect(await statusOf('e1', 'completed')).toEqual({
    status: 'completed',
    payload: { exported: 3 },
  });

  // a long one-shot, canceled: whether or not its run began, it ends canceled
  expect((await call('POST', '/exports/e2', { rows: 1000, delayMs: 100 })).status).toBe(200);
  const canceling = await call('POST', '/tasks/e2/_cancel');
  expect(canceling.status).toBe(200);
  expect(['being_canceled', 'canceled']).toContain(canceling.body.status);
  await statusOf('e2', 'canceled');

  // recurring (`schedule` beside `params`): in progress between runs until canceled
  expect(await call('POST', '/digests/d1', { recipient: 'ops@example.com' })).toEqual({
    status: 200,
    body: { status: 'in_progress' },
  });
  const { _source } = await es.get<{ task: { schedule?: unknown } }>({
    index: (system as TestSystem).indices.tasks,
    id: 'task:d1',
  });
  expect(_source?.task.schedule).toEqual({ interval: '1d' }); // the request's, over the type's 1h
  expect((await call('POST', '/tasks/d1/_cancel')).status).toBe(200);
  await statusOf('d1', 'canceled');

  // bad params: a 400 naming the field, nothing written; an unknown id cannot be canceled
  const refused = await call('POST', '/exports/e3', { rows: 0 });
  expect(refused.status).toBe(400);
  expect(refused.body.message).toContain('rows');
  expect((await call('GET', '/tasks/e3')).body).toEqual({ status: 'not_started' });
  expect((await call('POST', '/tasks/never-scheduled/_cancel')).status).toBe(404);
});
