import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot, runCli } from './cli.js';

/**
 * Which source modules and packages a run of the built CLI loads. scripts/build.mjs bundles the CLI into chunks
 * and writes esbuild's metafile (what each chunk holds); a module hook (module-log/) logs every chunk the run
 * resolves; together they name the packages the run loaded.
 */

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** A build of the CLI in a directory of its own, with its metafile. */
export interface LoggedBuild {
  dir: string;
  entry: string;
  metafile: Metafile;
  remove(): void;
}

/** Builds the CLI with scripts/build.mjs into a temporary directory (dist/ is left to the other tests). */
export function buildWithMetafile(): LoggedBuild {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-build-'));
  const metafilePath = join(dir, 'metafile.json');
  execFileSync(
    process.execPath,
    ['scripts/build.mjs', '--outdir', join(dir, 'out'), '--metafile', metafilePath],
    {
      cwd: projectRoot,
      stdio: 'pipe',
    },
  );
  return {
    dir: join(dir, 'out'),
    entry: join(dir, 'out', 'clinic-tui.cjs'),
    metafile: JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface LoggedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Source files (relative to the project, e.g. `source/fleet/poller.ts`, `…/node_modules/ink/build/…`). */
  inputs: string[];
  /** The build's files the run loaded, relative to the build (`clinic-tui.js`, `chunk-….js`, `scripting/lint.cjs`). */
  files: string[];
  /** The Node built-ins the run loaded (`node:fs`, `node:net`, …). */
  builtins: string[];
}

/** Runs a file of the build (the CLI by default) with the module log; no terminal, as scripts run it. */
export async function runLogged(
  build: LoggedBuild,
  args: string[],
  env: Record<string, string | undefined> = {},
  file = build.entry,
): Promise<LoggedRun> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'clinic-tui-modules-')), 'modules.log');
  const register = join(projectRoot, 'test', 'helpers', 'module-log', 'register.mjs');
  const run = await runCli(args, {
    script: ['--import', register, file],
    env: { ...env, CLINIC_TUI_MODULE_LOG: logFile },
  });
  const urls = readLog(logFile);
  const builtins = urls.filter((line) => line.startsWith('node:'));
  return { ...run, inputs: inputsOf(build, urls), files: filesOf(build, urls), builtins };
}

/** The npm packages among source files, e.g. `ink`, `react-reconciler`, `@inquirer/core`. */
export function packagesOf(inputs: string[]): Set<string> {
  const packages = new Set<string>();
  for (const input of inputs) {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return packages;
}

function readLog(logFile: string): string[] {
  try {
    return readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** The build's own files among the logged module URLs, once each, in the order they were loaded. */
function filesOf(build: LoggedBuild, urls: string[]): string[] {
  const files = urls
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(build.dir, fileURLToPath(url)))
    .filter((file) => !file.startsWith('..'));
  return [...new Set(files)];
}

/** The source files held by the build's chunks among the logged module URLs. */
function inputsOf(build: LoggedBuild, urls: string[]): string[] {
  const inputs = new Set<string>();
  for (const url of new Set(urls)) {
    if (!url.startsWith('file:')) continue;
    const output = build.metafile.outputs[relative(projectRoot, fileURLToPath(url))];
    for (const input of Object.keys(output?.inputs ?? {})) inputs.add(input);
  }
  return [...inputs];
}
