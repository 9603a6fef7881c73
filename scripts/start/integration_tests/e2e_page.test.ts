// End to end in Debian's Chromium: the page of `npm start`'s system schedules, runs, cancels
// and acknowledges tasks through two hosts in push mode and the dispatcher.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../../runtime/host/repo_root';
import { createTestEsClient, getEsUrl, uniqueName } from '../../../test_helpers/elasticsearch';
import { chromiumMissing, launchChromium } from '../../browser/chromium';
import { startLocalSystem, type LocalSystemHandle } from '../start_local_system';

const ARTIFACTS = join(REPO_ROOT, 'target', 'e2e');
const SCREENSHOT = join(ARTIFACTS, 'page.png');
/** Playwright's waits: a status change takes a push, a run and a poll (1 s). */
const STATUS_TIMEOUT_MS = 30_000;

const es = createTestEsClient();
const timings: Record<string, number> = {};
const pageErrors: string[] = [];
let system: LocalSystemHandle | undefined;
let browser: BrowserContext | undefined;
let page: Page;
let workDir: string;

function row(id: string, status?: string) {
  const statusPart = status ? `[data-task-status="${status}"]` : '';
  return page.locator(`tr[data-task-id="${id}"]${statusPart}`);
}

/** Waits until the row of `id` shows `status`; records how long it took since `since`. */
async function waitForStatus(id: string, status: string, since: number, timing?: string) {
  await row(id, status).waitFor({ state: 'visible', timeout: STATUS_TIMEOUT_MS });
  if (timing) timings[timing] = Date.now() - since;
}

/** Fills the form for `type` with `params` (by their labels) and the id, then submits it. */
async function schedule(id: string, type: string, params: Record<string, string>) {
  await page.getByLabel('Task type').selectOption(type);
  for (const [label, value] of Object.entries(params)) await page.getByLabel(label).fill(value);
  await page.getByLabel('Task id').fill(id);
  const clickedAt = Date.now();
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  return clickedAt;
}

beforeAll(async () => {
  // Fail loudly, never skip: the acceptance needs a real browser.
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  mkdirSync(ARTIFACTS, { recursive: true });
  workDir = await mkdtemp(join(tmpdir(), 'bt-e2e-'));
  const startedAt = Date.now();
  system = await startLocalSystem({
    esUrl: getEsUrl(),
    ports: { first: 0, second: 0, dispatcher: 0 },
    indexPrefix: uniqueName('e2e-page'),
    dataRoot: workDir,
    logDir: join(ARTIFACTS, 'logs'),
    log: () => undefined,
  });
  timings.system_start_ms = Date.now() - startedAt;
  browser = await launchChromium(join(workDir, 'chromium-profile'));
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  if (system) {
    const indices = Object.values(system.indices).filter((name): name is string => !!name);
    await es.indices.delete({ index: indices, ignore_unavailable: true });
  }
  await es.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  if (Object.keys(timings).length > 0) {
    await writeFile(join(ARTIFACTS, 'timings.json'), JSON.stringify(timings, null, 2));
    console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
  }
}, 60_000);

describe('the page, in Chromium, against the whole system', () => {
  // Short ids (the indices are this run's own): they show in the README's screenshot.
  const suffix = randomBytes(3).toString('hex');
  const quick = `sleep-${suffix}`;
  const counted = `count-${suffix}`;
  const long = `long-${suffix}`;
  const failing = `fail-${suffix}`;

  it('opens from / on the first host', async () => {
    const loadStart = Date.now();
    await page.goto(system!.hosts[0].url + '/', { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/app/background_tasks');
    await page.getByRole('heading', { name: 'Background tasks' }).waitFor({ timeout: 30_000 });
    timings.page_load_ms = Date.now() - loadStart;
  });

  it('schedules a task, sees it in progress, then completed', async () => {
    const clickedAt = await schedule(quick, 'examples:sleep', { 'Duration (ms)': '2000' });
    await waitForStatus(quick, 'in_progress', clickedAt, 'schedule_to_in_progress_ms');
    await waitForStatus(quick, 'completed', clickedAt, 'schedule_to_completed_ms');
    await expect(row(quick).textContent()).resolves.toContain('Completed');
  }, 60_000);

  it('runs a second kind of task to completion', async () => {
    const clickedAt = await schedule(counted, 'examples:count', {
      'Count to': '3',
      'Pause between steps (ms)': '200',
    });
    await waitForStatus(counted, 'completed', clickedAt, 'count_schedule_to_completed_ms');
  }, 60_000);

  it('cancels a long task and sees it canceled', async () => {
    const clickedAt = await schedule(long, 'examples:sleep', { 'Duration (ms)': '600000' });
    await waitForStatus(long, 'in_progress', clickedAt);
    const cancelAt = Date.now();
    await page.getByRole('button', { name: `Cancel task ${long}` }).click();
    await waitForStatus(long, 'canceled', cancelAt, 'cancel_to_canceled_ms');
  }, 60_000);

  it('acknowledges a completed task', async () => {
    const ackAt = Date.now();
    await page.getByRole('button', { name: `Acknowledge task ${quick}` }).click();
    await waitForStatus(quick, 'acknowledged', ackAt, 'acknowledge_to_acknowledged_ms');
    await expect(
      page.getByRole('button', { name: `Acknowledge task ${quick}` }).count()
    ).resolves.toBe(0);
  }, 60_000);

  it("shows a failed task's error as an alert", async () => {
    const clickedAt = await schedule(failing, 'examples:fail', {
      'Error message': 'Broken on purpose by the e2e test',
    });
    await waitForStatus(failing, 'failed', clickedAt, 'fail_schedule_to_failed_ms');
    await expect(row(failing).getByRole('alert').textContent()).resolves.toContain(
      'Broken on purpose by the e2e test'
    );
  }, 60_000);

  it('saves a screenshot and had no errors in the page', async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
