#!/usr/bin/env node
import * as nodeModule from 'node:module';

/**
 * Node 22.1+ keeps the code it compiles on disk and reuses it on the next run
 * (https://nodejs.org/api/module.html#moduleenablecompilecachecachedir), which shortens every start after the
 * first. Node 20 has no compile cache, so there this does nothing. This file imports nothing else, so that
 * everything the CLI runs (commander, the command's modules, Ink, zod) is compiled after the cache is on.
 */
function enableCompileCache(): void {
  const { enableCompileCache: enable } = nodeModule as { enableCompileCache?: () => unknown };
  enable?.();
}

enableCompileCache();
const { main } = await import('./commands/program.js');
process.exitCode = await main(process.argv.slice(2));
