import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellQuote } from '../../host/shell.js';
import { formatUpstreams, type SimEnv } from './env.js';

/**
 * The command line that runs the simulated agent: dist/ngrok-sim.js next to the bundled clinic-tui, or, when
 * clinic-tui runs from source (tests, `npm run dev`), the one `npm run build` made; the test setup builds it before
 * any test runs. Running the agent's TypeScript through tsx instead would cost seconds on every `ngrok` call.
 */
export function agentCommandLine(): string[] {
  const here = fileURLToPath(import.meta.url);
  const bundled = here.endsWith('.ts')
    ? join(dirname(here), '..', '..', '..', 'dist', 'ngrok-sim.js')
    : join(dirname(here), 'ngrok-sim.js');
  if (!existsSync(bundled)) {
    throw new Error(`the simulated ngrok agent ${bundled} is missing: run \`npm run build\` first`);
  }
  return [process.execPath, bundled];
}

/**
 * Writes an executable `ngrok` shim into binDir that sets NGROK_SIM_* and execs the simulated agent (by default
 * agentCommandLine(); another user's shim may need a copy it can read).
 */
export function writeAgentShim(
  binDir: string,
  env: Omit<SimEnv, 'self' | 'serviceRoot'> & { serviceRoot?: string },
  commandLine: string[] = agentCommandLine(),
): string {
  mkdirSync(binDir, { recursive: true });
  const path = join(binDir, 'ngrok');
  const vars: Record<string, string | undefined> = {
    NGROK_SIM_CONNECT_URL: env.connectUrl,
    NGROK_SIM_HOME: env.home,
    NGROK_SIM_ROOT: env.root,
    NGROK_SIM_ARGV_LOG: env.argvLog,
    NGROK_SIM_INIT: env.init,
    NGROK_SIM_SERVICE_ROOT: env.serviceRoot,
    NGROK_SIM_SELF: path,
    NGROK_SIM_UPSTREAMS: env.upstreams ? formatUpstreams(env.upstreams) : undefined,
  };
  const exports = Object.entries(vars)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${shellQuote(value!)}; export ${key}`);
  const script = [
    '#!/bin/sh',
    '# clinic-tui sandbox: the SIMULATED ngrok agent (not ngrok). Settings come from here, never from ngrok.yml.',
    ...exports,
    `exec ${commandLine.map(shellQuote).join(' ')} "$@"`,
    '',
  ].join('\n');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}
