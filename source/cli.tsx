#!/usr/bin/env node
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { userCacheDir } from './startup/user-cache-dir.js';

/**
 * Node 22.1+ keeps the code it compiles on disk and reuses it on the next run
 * (https://nodejs.org/api/module.html#moduleenablecompilecachecachedir), which shortens every start after the
 * first. It is kept in this user's cache directory, not in the temporary directory every user shares (Node's
 * default). Node 20 has no compile cache, so there this does nothing. This file imports nothing else first, so
 * that everything the CLI runs (commander, the command's modules, Ink, zod) is compiled after the cache is on.
 */
async function enableCompileCache(): Promise<void> {
  const { enableCompileCache: enable } = nodeModule as {
    enableCompileCache?: (directory: string) => unknown;
  };
  const directory = enable && (await userCacheDir());
  if (directory) enable(join(directory, 'compile'));
}

await enableCompileCache();
const { main } = await import('./commands/program.js');
process.exitCode = await main(process.argv.slice(2));
