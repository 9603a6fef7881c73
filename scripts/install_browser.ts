// Makes sure Debian's Chromium is there for the end-to-end test: installs it as root, else says how.
import { execFileSync } from 'node:child_process';
import { CHROMIUM_PATH, chromiumMissing } from './browser/chromium';

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  execFileSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function main(): void {
  if (!chromiumMissing()) {
    console.log(`Chromium found at ${CHROMIUM_PATH}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    console.error(
      `Chromium is missing at ${CHROMIUM_PATH} and this is not root: install the Debian package ` +
        'with `sudo apt-get update && sudo apt-get install -y chromium`, or set CHROMIUM_PATH. ' +
        'The end-to-end test fails without it.'
    );
    process.exit(1);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  const stillMissing = chromiumMissing();
  if (stillMissing) {
    console.error(`apt-get install chromium did not provide ${CHROMIUM_PATH}. ${stillMissing}`);
    process.exit(1);
  }
  console.log(`Chromium installed at ${CHROMIUM_PATH}`);
}

main();
