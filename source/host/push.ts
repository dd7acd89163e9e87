import { ExternalError } from '../errors.js';
import type { HostConnection } from './connect.js';
import type { HostFacts } from './facts.js';
import { type InstalledService, ngrokService } from './ngrok-service.js';
import { runPrivileged } from './privileged.js';
import { shellQuote } from './shell.js';
import { restoreBackup, writeFileAtomic } from './write-file.js';

export interface PushResult {
  backupPath?: string;
  /**
   * installed: install + start (first time, or again because the service was installed with another config);
   * restarted: the running service picked up the new file; unchanged: same file, already running.
   */
  service: 'installed' | 'restarted' | 'unchanged';
}

/** Whether the service is installed with a --config other than path (so a restart would not read path). */
export function servesOtherConfig(installed: InstalledService, path: string): boolean {
  return installed.state !== 'not-installed' && installed.configPath !== path;
}

/**
 * Pushes ngrok.yml and (re)starts the agent service: `config check` on a temp copy first, then the atomic write,
 * then install + start (first time, or reinstall when the service was installed for another file: ngrok fixes
 * --config into the service at install time, https://ngrok.com/docs/agent/#background-service) or restart. If the
 * service step fails, the backup is put back and the old service restored, and the ExternalError carries the
 * remote stderr. The service commands are never abandoned on a timeout (ngrok-service.ts), so the rollback never
 * runs beside one of them.
 */
export async function pushConfigAndRestart(
  conn: HostConnection,
  facts: HostFacts,
  path: string,
  content: string,
  io: { status(text: string): void } = { status: () => {} },
): Promise<PushResult> {
  const service = ngrokService(conn, facts);
  io.status('Checking the new config with ngrok config check');
  await checkCopy(conn, facts, path, content);
  const installed = await service.inspect();
  const before = installed.state;
  const elsewhere = servesOtherConfig(installed, path);
  io.status(`Writing ${path}`);
  const written = await writeFileAtomic(conn, facts, path, content, { mode: 0o600 });
  const backup = written.backupPath ? { backupPath: written.backupPath } : {};
  if (before === 'running' && !written.changed && !elsewhere) return { ...backup, service: 'unchanged' };
  try {
    if (elsewhere) {
      io.status(
        `Reinstalling the ngrok service for ${path} (it was installed for ${installed.configPath ?? 'no config'})`,
      );
      await service.reinstall(installed, path);
      return { ...backup, service: 'installed' };
    }
    if (before === 'not-installed') {
      io.status('Installing the ngrok service');
      await service.install(path);
      io.status('Starting the ngrok service');
      await service.start();
      return { ...backup, service: 'installed' };
    }
    io.status('Restarting the ngrok service');
    await (before === 'running' ? service.restart() : service.start());
    return { ...backup, service: 'restarted' };
  } catch (error) {
    io.status('Putting the previous config back');
    await rollBack(conn, facts, path, written, installed);
    const message = error instanceof Error ? error.message : String(error);
    throw new ExternalError(
      `${message}. The previous config and service were restored.`,
      'Fix the cause above and push again.',
      { cause: error },
    );
  }
}

// Validates the exact bytes we are about to install without touching the live file: a temp copy in the same
// directory (so relative paths inside resolve the same), removed afterwards whatever happens.
async function checkCopy(conn: HostConnection, facts: HostFacts, path: string, content: string) {
  const script = [
    `dir=$(dirname ${shellQuote(path)})`,
    'if [ ! -d "$dir" ]; then mkdir -p "$dir" && chmod 700 "$dir" || exit 1; fi',
    'tmp=$(mktemp "$dir/.clinic-tui-check.XXXXXX") || exit 1',
    // A dropped connection closes stdout/stderr: remove the temp file before anything could die of SIGPIPE.
    `trap 'rm -f "$tmp"' EXIT`,
    `trap 'rm -f "$tmp"; exit 129' HUP INT TERM PIPE`,
    'chmod 600 "$tmp"',
    'cat > "$tmp"',
    `${shellQuote(facts.ngrokPath)} config check --config "$tmp"`,
  ].join('\n');
  const result = await runPrivileged(conn, facts, script, {
    stdin: content,
    purpose: `ngrok config check of the new ${path}`,
  });
  if (result.code !== 0) {
    const reason = (result.stderr.trim() || result.stdout.trim()).replaceAll(
      /\.clinic-tui-check\.\w+/g,
      'ngrok.yml',
    );
    throw new ExternalError(
      `ngrok config check rejected the new config: ${reason}`,
      'Nothing was changed on the host; fix the answers and push again.',
    );
  }
}

async function rollBack(
  conn: HostConnection,
  facts: HostFacts,
  path: string,
  written: { changed: boolean; backupPath?: string },
  before: InstalledService,
) {
  const service = ngrokService(conn, facts);
  if (written.changed) await restoreBackup(conn, facts, path, written.backupPath);
  const now = await service.inspect();
  if (before.state === 'not-installed' || servesOtherConfig(before, path)) {
    if (now.state === 'running') await service.stop().catch(() => {});
    if (now.state !== 'not-installed') await service.uninstall().catch(() => {});
    if (before.state === 'not-installed' || !before.configPath) return;
    // The service as it was: installed for its own file, running if it ran.
    await service.install(before.configPath);
    if (before.state === 'running') await service.start();
    return;
  }
  if (before.state === 'running') await service.restart();
  else await service.stop().catch(() => {});
}
