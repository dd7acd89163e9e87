#!/usr/bin/env node
import { join } from 'node:path';
import { requireWithCodeCache } from './startup/code-cache.js';
import { scriptingCommandOf } from './startup/scripting-route.js';
import { userCacheDir } from './startup/user-cache-dir.js';

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
  const directory = await userCacheDir();
  let bundle: { main(args: string[]): Promise<number> };
  try {
    bundle = requireWithCodeCache(join(__dirname, 'scripting', `${name}.cjs`), {
      // Named by the bundle's hash: V8 checks a cache against its source's length only.
      file: directory && join(directory, `${name}.${bundleHash}.v8cache`),
      // A run that only shows help compiles little of the bundle: its cache would serve later runs poorly.
      keep: !args.includes('--help') && !args.includes('-h'),
    }) as typeof bundle;
  } catch {
    // A bundle missing or damaged: the full program answers every run as well.
    await import('./cli.js');
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  }
  return bundle.main(args);
}
