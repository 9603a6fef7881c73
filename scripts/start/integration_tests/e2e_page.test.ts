// End to end in Debian's Chromium: the plugin's EUI app, served from its public/ by the host,
// schedules, runs, cancels and acknowledges tasks through two hosts in push mode and the dispatcher.
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
/** Beside the logs, not over the README's `docs/page.png`: a test run leaves the tree clean. */
const SCREENSHOT = join(ARTIFACTS, 'page.png');
/** Playwright's waits: a status change takes a push, a run and a poll (1 s). */
const STATUS_TIMEOUT_MS = 30_000;

const es = createTestEsClient();
const timings: Record<string, number> = {};
const pageErrors: string[] = [];
/** What the console showed as errors, a failed request (a 404) included. */
const consoleErrors: string[] = [];
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
  // EuiSuperSelect: a button opening a list box whose options show the title and the type.
  await page.getByRole('button', { name: /Task type/ }).click();
  await page.getByRole('option').filter({ hasText: type }).click();
  for (const [label, value] of Object.entries(params))
    await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel('Task id', { exact: true }).fill(id);
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
  // Wide enough for the table beside the form, in the README's screenshot too.
  await page.setViewportSize({ width: 1440, height: 900 });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
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
    // The first load waits for the bundles to build (or come from target/bundles).
    await page.getByRole('heading', { name: 'Background tasks' }).waitFor({ timeout: 120_000 });
    // The types come from the server: the form offers the example plugin's.
    await page.getByRole('button', { name: /Task type/ }).click();
    await expect(page.getByRole('option').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('examples:heartbeat')])
    );
    await page.keyboard.press('Escape');
    timings.page_load_ms = Date.now() - loadStart;
  }, 150_000);

  it('schedules a task, sees it in progress, then completed', async () => {
    const clickedAt = await schedule(quick, 'examples:sleep', { ms: '2000' });
    await waitForStatus(quick, 'in_progress', clickedAt, 'schedule_to_in_progress_ms');
    await expect(
      page.getByRole('status', { name: 'Schedule result' }).textContent()
    ).resolves.toContain(`Scheduled ${quick}.`);
    await waitForStatus(quick, 'completed', clickedAt, 'schedule_to_completed_ms');
    await expect(row(quick).textContent()).resolves.toContain('Completed');
  }, 60_000);

  it('runs a second kind of task to completion', async () => {
    const clickedAt = await schedule(counted, 'examples:count', { n: '3', delayMs: '200' });
    await waitForStatus(counted, 'completed', clickedAt, 'count_schedule_to_completed_ms');
  }, 60_000);

  it('shows a long task running with its start time and progress, then cancels it', async () => {
    const clickedAt = await schedule(long, 'examples:sleep', { ms: '600000' });
    await waitForStatus(long, 'in_progress', clickedAt);
    // "Queued" until a node started the run, then "Running" with its start time.
    await row(long).getByText('Running').waitFor({ timeout: STATUS_TIMEOUT_MS });
    await expect(row(long).textContent()).resolves.toMatch(/since \d\d:\d\d:\d\d/);
    await expect(row(long).textContent()).resolves.toContain('Last report');
    // examples:sleep reports a value each second: the bar fills in, with its message.
    const bar = row(long).getByRole('progressbar', { name: `Progress of task ${long}` });
    await row(long)
      .getByText(/^Slept \d+ of 600000 ms$/)
      .waitFor({ timeout: STATUS_TIMEOUT_MS });
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    // Its details: the node Task Manager says runs it (one of the two hosts).
    await page.getByRole('button', { name: `Show details of task ${long}` }).click();
    const flyout = page.getByRole('dialog');
    await flyout.getByText(/^kibana:/).waitFor({ timeout: STATUS_TIMEOUT_MS });
    const owner = await flyout.getByText(/^kibana:/).textContent();
    expect(system!.hosts.map((host) => `kibana:${host.uuid}`)).toContain(owner);
    await flyout.getByRole('button', { name: /close/i }).click();
    await flyout.waitFor({ state: 'detached' });
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

  it("shows a failed task's error as an alert, and its details in the flyout", async () => {
    const clickedAt = await schedule(failing, 'examples:fail', {
      message: 'Broken on purpose by the e2e test',
    });
    await waitForStatus(failing, 'failed', clickedAt, 'fail_schedule_to_failed_ms');
    await expect(row(failing).getByRole('alert').textContent()).resolves.toContain(
      'Broken on purpose by the e2e test'
    );
    await page.getByRole('button', { name: `Show details of task ${failing}` }).click();
    const flyout = page.getByRole('dialog');
    await flyout.getByRole('heading', { name: `Task ${failing}` }).waitFor();
    await expect(flyout.textContent()).resolves.toContain('The task failed');
    await expect(flyout.textContent()).resolves.toContain(
      '"message": "Broken on purpose by the e2e test"'
    );
    await expect(flyout.textContent()).resolves.toContain('Fail (examples:fail)');
  }, 60_000);

  it('saves a screenshot with the flyout open, and had no errors in the page or console', async () => {
    // Animations finished: the flyout fully in, not half-way through sliding.
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
    await page.getByRole('dialog').getByRole('button', { name: /close/i }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('dismisses a finished task from the table', async () => {
    await page.getByRole('button', { name: `Dismiss task ${counted}` }).click();
    await row(counted).waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
