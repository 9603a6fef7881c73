// Bundles browser code with esbuild, cached on disk until one of its input files changes.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../repo_root';

/** Where bundles are cached (git-ignored with `target/`). */
export const BUNDLE_CACHE_DIR = join(REPO_ROOT, 'target', 'bundles');

export interface BundleSpec {
  /** the cache file's name, e.g. `plugin-backgroundTasks` */
  name: string;
  /** the entry module's source; imports resolve from `resolveDir` */
  contents: string;
  /** the folder the entry's relative imports start from */
  resolveDir: string;
}

export interface BuildBundleOptions {
  /** Minify (and leave out source maps). @defaultValue true */
  minify?: boolean;
  /** The cache folder. @defaultValue BUNDLE_CACHE_DIR */
  cacheDir?: string;
}

interface CacheMeta {
  /** hash of the entry source and build options */
  key: string;
  /** absolute paths of every input file, with their mtimes (ms) when built */
  inputs: Record<string, number>;
}

/** The bundle's JavaScript: from the cache when no input changed, else built and cached. */
export async function buildBundle(
  spec: BundleSpec,
  { minify = true, cacheDir = BUNDLE_CACHE_DIR }: BuildBundleOptions = {}
): Promise<{ js: string; cached: boolean }> {
  const key = createHash('sha256')
    .update(JSON.stringify({ ...spec, minify }))
    .digest('hex');
  const jsFile = join(cacheDir, `${spec.name}.js`);
  const metaFile = join(cacheDir, `${spec.name}.meta.json`);
  const cached = await readCache(jsFile, metaFile, key);
  if (cached !== undefined) return { js: cached, cached: true };

  const result = await build({
    stdin: { contents: spec.contents, resolveDir: spec.resolveDir, loader: 'ts' },
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
    metafile: true,
    write: false,
  });
  const js = result.outputFiles[0].text;
  const inputs: Record<string, number> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith('<stdin>')) continue;
    const file = resolve(process.cwd(), input);
    inputs[file] = (await stat(file)).mtimeMs;
  }
  // Written aside then renamed: hosts starting together never read half a bundle.
  await mkdir(cacheDir, { recursive: true });
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  await writeFile(jsFile + suffix, js);
  await writeFile(metaFile + suffix, JSON.stringify({ key, inputs } satisfies CacheMeta));
  await rename(jsFile + suffix, jsFile);
  await rename(metaFile + suffix, metaFile);
  return { js, cached: false };
}

async function readCache(jsFile: string, metaFile: string, key: string) {
  try {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as CacheMeta;
    if (meta.key !== key) return undefined;
    for (const [file, mtimeMs] of Object.entries(meta.inputs)) {
      if ((await stat(file)).mtimeMs !== mtimeMs) return undefined;
    }
    return await readFile(jsFile, 'utf8');
  } catch {
    // No cache yet, or an input is gone: build afresh.
    return undefined;
  }
}
