import { dirname } from 'node:path';
import { ExternalError } from '../errors.js';
import type { HostConnection } from './connect.js';
import type { HostFacts } from './facts.js';
import { ngrokService } from './ngrok-service.js';
import { runPrivileged } from './privileged.js';
import { shellQuote } from './shell.js';
import { backupPathFor, writeFileAtomic } from './write-file.js';

/**
 * A second agent for pooled clinics: `ngrok start --all` with a given config, run beside the service while the
 * service restarts. Pooling lets both serve the same URLs (https://ngrok.com/docs/endpoints/endpoint-pooling),
 * so the clinic never has zero agents. Its config sits next to the service's (root-only, 0600) and is removed
 * afterwards; the token travels in that file, never on the command line.
 */

// The temporary agent's files live next to the service's config, so they share its root-only directory.
function temporaryAgentPaths(serviceConfigPath: string) {
  const dir = dirname(serviceConfigPath);
  return {
    configPath: `${dir}/.clinic-tui-rotate.yml`,
    pidPath: `${dir}/.clinic-tui-rotate.pid`,
    logPath: `${dir}/.clinic-tui-rotate.log`,
  };
}

/** Writes the temporary config, checks it as the service would, and starts the agent in the background. */
export async function startTemporaryAgent(
  conn: HostConnection,
  facts: HostFacts,
  serviceConfigPath: string,
  content: string,
): Promise<void> {
  const paths = temporaryAgentPaths(serviceConfigPath);
  await writeFileAtomic(conn, facts, paths.configPath, content, { mode: 0o600 });
  await ngrokService(conn, facts).configCheck(paths.configPath);
  // setsid + nohup so the agent outlives this SSH channel; all three streams redirected so the channel closes.
  const detach = 'if command -v setsid >/dev/null 2>&1; then S=setsid; else S=; fi';
  const start =
    `${detach}; $S nohup ${shellQuote(facts.ngrokPath)} start --all --config ${shellQuote(paths.configPath)} ` +
    `>${shellQuote(paths.logPath)} 2>&1 </dev/null & echo $! >${shellQuote(paths.pidPath)}`;
  const result = await runPrivileged(conn, facts, start, { purpose: 'starting the temporary agent' });
  if (result.code !== 0) {
    throw new ExternalError(
      `Could not start a temporary agent on the host: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  }
}

/** Stops the temporary agent (waiting up to 5 s for it to exit) and removes its files; safe to repeat. */
export async function stopTemporaryAgent(
  conn: HostConnection,
  facts: HostFacts,
  serviceConfigPath: string,
): Promise<void> {
  const paths = temporaryAgentPaths(serviceConfigPath);
  const pid = shellQuote(paths.pidPath);
  const stop =
    `if [ -f ${pid} ]; then P=$(cat ${pid}); kill "$P" 2>/dev/null; i=0; ` +
    `while kill -0 "$P" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; kill -0 "$P" 2>/dev/null && kill -9 "$P"; fi; ` +
    `rm -f ${shellQuote(paths.configPath)} ${shellQuote(backupPathFor(paths.configPath))} ${pid} ${shellQuote(paths.logPath)}`;
  const result = await runPrivileged(conn, facts, stop, { purpose: 'stopping the temporary agent' });
  if (result.code !== 0) {
    throw new ExternalError(
      `Could not stop the temporary agent on the host: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  }
}
