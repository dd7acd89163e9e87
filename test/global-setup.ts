import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Builds the shipped bundle once before any test file runs. Tests that start the CLI in a child process run
 * dist/clinic-tui.cjs — the artifact users get — instead of paying tsx's transpile cost on every spawn.
 */
export default function buildBundleOnce(): void {
  const root = resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
}
