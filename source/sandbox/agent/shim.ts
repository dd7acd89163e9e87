import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimEnv } from './env.js';

let builtFromSource: string | undefined;

/**
 * The command line that runs the simulated agent: the bundled dist/ngrok-sim.js next to a bundled clinic-tui, or,
 * from source, a one-file bundle esbuild makes once per process (starting tsx for every `ngrok` call costs seconds).
 */
export function agentCommandLine(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return [process.execPath, join(dirname(here), 'ngrok-sim.js')];
  builtFromSource ??= bundleFromSource(join(dirname(here), 'main.ts'));
  return [process.execPath, builtFromSource];
}

function bundleFromSource(entry: string): string {
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const outDir = join(dirname(require.resolve('esbuild/package.json')), '..', '.cache', 'clinic-tui');
  mkdirSync(outDir, { recursive: true, mode: 0o755 });
  const outFile = join(outDir, 'ngrok-sim.mjs');
  // Write to a private name and rename, so concurrent test workers never run a half-written file.
  const partial = `${outFile}.${process.pid}`;
  esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: partial,
    // yaml ships CommonJS; give its require() calls a real require.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  renameSync(partial, outFile);
  return outFile;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes an executable `ngrok` shim into binDir that sets NGROK_SIM_* and execs the simulated agent (by default
 * agentCommandLine(); another user's shim may need a copy it can read).
 */
export function writeAgentShim(
  binDir: string,
  env: SimEnv,
  commandLine: string[] = agentCommandLine(),
): string {
  mkdirSync(binDir, { recursive: true });
  const vars: Record<string, string | undefined> = {
    NGROK_SIM_CONNECT_URL: env.connectUrl,
    NGROK_SIM_HOME: env.home,
    NGROK_SIM_ROOT: env.root,
    NGROK_SIM_ARGV_LOG: env.argvLog,
  };
  const exports = Object.entries(vars)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${quote(value!)}; export ${key}`);
  const script = [
    '#!/bin/sh',
    '# clinic-tui sandbox: the SIMULATED ngrok agent (not ngrok). Settings come from here, never from ngrok.yml.',
    ...exports,
    `exec ${commandLine.map(quote).join(' ')} "$@"`,
    '',
  ].join('\n');
  const path = join(binDir, 'ngrok');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}
