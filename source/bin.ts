#!/usr/bin/env node
import { join } from 'node:path';
import { requireWithCodeCache } from './startup/code-cache.js';
import { scriptingCommandOf } from './startup/scripting-route.js';
import { cacheDir } from './store/paths.js';

/**
 * The `clinic-tui` command. A run that draws no terminal UI (lint, render, schema, fleet printed once) loads a
 * CommonJS bundle of that one command through V8's code cache; every other run loads the full program (cli.tsx),
 * an ES module build whose terminal UI loads when a screen needs it.
 */

/** The scripting bundles scripts/build.mjs wrote beside this file, each with a hash of its contents. */
declare const CLINIC_TUI_SCRIPTING_BUNDLES: Record<string, string> | undefined;

const args = process.argv.slice(2);
const command = scriptingCommandOf(args);
// Run from source (`npm run dev`) there are no bundles: the full program serves every run.
const hash =
  command && typeof CLINIC_TUI_SCRIPTING_BUNDLES !== 'undefined'
    ? CLINIC_TUI_SCRIPTING_BUNDLES[command]
    : undefined;
if (command && hash) {
  // The cache is named by the bundle's hash: V8 checks a cache against its source's length only.
  const bundle = requireWithCodeCache(
    join(__dirname, 'scripting', `${command}.cjs`),
    join(cacheDir(), `${command}.${hash}.v8cache`),
  ) as { main(args: string[]): Promise<number> };
  bundle.main(args).then((code) => {
    process.exitCode = code;
  });
} else {
  void import('./cli.js');
}
