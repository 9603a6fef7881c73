// Builds the page bundle into target/page/ (git-ignored), to inspect it or serve it elsewhere.
import { join } from 'node:path';
import { buildPageBundle } from '../server/build_page_bundle';

const outdir = join(__dirname, '..', '..', '..', 'target', 'page');

buildPageBundle({ outdir, minify: !process.argv.includes('--dev') }).then(
  (js) => console.log(`Wrote ${join(outdir, 'bundle.js')} (${Math.round(js.length / 1024)} KiB)`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
);
