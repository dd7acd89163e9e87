#!/usr/bin/env node
import { isAbsolute, join } from 'node:path';
import { requireWithCodeCache } from './startup/code-cache.js';
import { scriptingCommandOf } from './startup/scripting-route.js';

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
  runScripting(command, hash).then((code) => {
    process.exitCode = code;
  });
} else {
  void import('./cli.js');
}

async function runScripting(name: string, bundleHash: string): Promise<number> {
  const bundle = requireWithCodeCache(join(__dirname, 'scripting', `${name}.cjs`), {
    file: await cacheFile(name, bundleHash),
    // A run that only shows help compiles little of the bundle: its cache would serve later runs poorly.
    keep: !args.includes('--help') && !args.includes('-h'),
  }) as { main(args: string[]): Promise<number> };
  return bundle.main(args);
}

/**
 * Where the bundle's cache lives, named by the bundle's hash (V8 checks a cache against its source's length only);
 * undefined when there is no usable cache directory (no home directory, a relative XDG_CACHE_HOME): the run then
 * compiles as a run without a cache does.
 */
async function cacheFile(name: string, bundleHash: string): Promise<string | undefined> {
  try {
    // Loaded here, not at the top: env-paths reads the home directory as it loads, which fails without one.
    const { cacheDir } = await import('./store/paths.js');
    const directory = cacheDir();
    return isAbsolute(directory) ? join(directory, `${name}.${bundleHash}.v8cache`) : undefined;
  } catch {
    return undefined;
  }
}
