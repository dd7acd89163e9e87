import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { stringWidthEmojiCheck } from '../scripts/string-width-emoji-check.mjs';
import { yogaWithoutFetch } from '../scripts/yoga-without-fetch.mjs';

/**
 * Bundles a bench entry the way scripts/build.mjs bundles the CLI, its CommonJS banner aside (ESM, Node 20, minified, production React,
 * Ink's development-only devtools left out, yoga's WebAssembly read without fetch), so a bench measures the code as
 * it ships. Returns the .mjs path.
 */
export async function bundleLikeTheCli(root: string, name: string, entry: string): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), `clinic-tui-${name}-`));
  await build({
    absWorkingDir: root,
    entryPoints: { [name]: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // As in the CLI build: modules loaded lazily stay chunks that are never loaded unless asked for.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['react-devtools-core', 'cpu-features', '*.node'],
    // As in the CLI build: yoga's WebAssembly decoded without fetch, string-width's emoji pattern built on demand.
    plugins: [yogaWithoutFetch(), stringWidthEmojiCheck()],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return join(outdir, `${name}.mjs`);
}
