// Debian's Chromium driven by playwright-core: where it lives, its flags, and a fresh launch.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** The Debian package `chromium`; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox (containers run as root), and no background traffic of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why Chromium cannot run here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return (
    `Chromium is not installed at ${CHROMIUM_PATH}. Install it with ` +
    '`npx tsx scripts/install_browser.ts` (as root: apt-get install chromium), ' +
    'or point CHROMIUM_PATH at a Chromium binary.'
  );
}

/**
 * Launches Chromium with a fresh profile in `userDataDir` (playwright passes it as
 * `--user-data-dir`); never downloads a browser.
 */
export async function launchChromium(
  userDataDir: string,
  viewport = { width: 1200, height: 900 }
): Promise<BrowserContext> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    timeout: 60_000,
  });
}
