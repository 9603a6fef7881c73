// Bundles the page's React app (runtime/page/app) for the browser with esbuild.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The page app's entry point. */
export const PAGE_ENTRY = join(__dirname, '..', 'app', 'index.tsx');

export interface BuildPageBundleOptions {
  /** Minify the output. @defaultValue true */
  minify?: boolean;
  /**
   * Write `bundle.js` into this folder (must be git-ignored, e.g. `target/page`) besides
   * returning it. In memory only when omitted, so several hosts can build at once.
   */
  outdir?: string;
}

/** Builds the bundle; resolves with its JavaScript, rejects with esbuild's error messages. */
export async function buildPageBundle({
  minify = true,
  outdir,
}: BuildPageBundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: { bundle: PAGE_ENTRY },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    jsx: 'automatic',
    minify,
    sourcemap: minify ? false : 'inline',
    define: { 'process.env.NODE_ENV': JSON.stringify(minify ? 'production' : 'development') },
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  });
  const js = result.outputFiles[0].text;
  if (outdir !== undefined) {
    await mkdir(outdir, { recursive: true });
    await writeFile(join(outdir, 'bundle.js'), js);
  }
  return js;
}
