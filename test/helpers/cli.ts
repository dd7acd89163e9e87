import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
/** The `bin` test/global-setup.ts builds before the run: the artifact users get. */
export const cliBundle = join(projectRoot, 'dist', 'clinic-tui.cjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh, empty state directory for one test (CLINIC_TUI_HOME). */
export function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'clinic-tui-state-'));
}

/**
 * Tests talk to the sandbox emulator, so stranger probes go through its edge (never to the internet): the edge is
 * the emulator's own URL unless a test says otherwise.
 */
function sandboxEdge(env: Record<string, string | undefined> = {}): Record<string, string> {
  const api = env.NGROK_API_URL;
  return api && !('CLINIC_TUI_SANDBOX_EDGE' in env) ? { CLINIC_TUI_SANDBOX_EDGE: api } : {};
}

/** Runs the CLI in a child process with no TTY, as CI and scripts do. */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string | undefined>;
    input?: string;
    cwd?: string;
    timeoutMs?: number;
    /** What node runs before the arguments: default the bundle; e.g. `--import` a hook, then another build. */
    script?: string[];
  } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.script ?? [cliBundle]), ...args], {
      cwd: options.cwd ?? projectRoot,
      env: {
        ...process.env,
        NO_COLOR: '1',
        CLINIC_TUI_HOME: freshStateDir(),
        ...sandboxEdge(options.env),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
