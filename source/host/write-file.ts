import { ExternalError, UserError } from '../errors.js';
import type { HostConnection } from './connect.js';
import type { HostFacts } from './facts.js';
import { runPrivileged } from './privileged.js';
import { shellQuote } from './shell.js';

const incompleteExit = 75;
const missingExit = 44;
const symlinkExit = 45;

/**
 * A script line that refuses a symbolic link at $target, printing where it points: every check reads through the
 * link, but `mv -f` would replace the link itself and leave the file the agent reads (and its token) as it was.
 */
const refuseSymlink = `if [ -L "$target" ]; then readlink "$target"; exit ${symlinkExit}; fi`;

function symlinkError(path: string, points: string): UserError {
  return new UserError(
    `${path} is a symbolic link to ${points.trim() || 'an unreadable target'}; give the real path as config_path`,
    'Nothing was changed on the host. Set host.config_path in the answers (or the clinic record, by onboarding again) to the file the link points to.',
  );
}

/** The backup kept beside a file we replace; one copy, so old tokens do not pile up on the host. */
export function backupPathFor(path: string): string {
  return `${path}.bak`;
}

/**
 * Replaces a root-owned file atomically: the content arrives on stdin into a temp file in the same directory
 * (created 0700 when missing), its length is checked (a dropped connection leaves a short file, never a
 * partial target), mode and owner are set, the old file is copied to PATH.bak, then `mv -f` renames over the target.
 */
export async function writeFileAtomic(
  conn: HostConnection,
  facts: Pick<HostFacts, 'privilege'>,
  path: string,
  content: string,
  opts: { mode?: number } = {},
): Promise<{ backupPath?: string; changed: boolean }> {
  const bytes = Buffer.from(content);
  const mode = (opts.mode ?? 0o600).toString(8);
  const target = shellQuote(path);
  const backup = shellQuote(backupPathFor(path));
  const script = [
    'set -e',
    `target=${target}`,
    refuseSymlink,
    'dir=$(dirname "$target")',
    'if [ ! -d "$dir" ]; then mkdir -p "$dir"; chmod 700 "$dir"; fi',
    'tmp=$(mktemp "$dir/.clinic-tui.XXXXXX")',
    // A dropped connection closes stdout/stderr: remove the temp file before anything could die of SIGPIPE.
    `trap 'rm -f "$tmp"' EXIT`,
    `trap 'rm -f "$tmp"; exit 129' HUP INT TERM PIPE`,
    'cat > "$tmp"',
    'size=$(wc -c < "$tmp" | tr -d " ")',
    `if [ "$size" != ${bytes.length} ]; then rm -f "$tmp"; echo "received $size of ${bytes.length} bytes; $target was not changed" >&2; exit ${incompleteExit}; fi`,
    `chmod ${mode} "$tmp"`,
    'if [ "$(id -u)" = 0 ]; then chown 0:0 "$tmp"; fi',
    'if [ -f "$target" ] && cmp -s "$tmp" "$target"; then echo unchanged; exit 0; fi',
    `if [ -f "$target" ]; then cp -p "$target" "$tmp.bak"; mv -f "$tmp.bak" ${backup}; echo backup; fi`,
    'mv -f "$tmp" "$target"',
    'echo changed',
  ].join('\n');
  const result = await runPrivileged(conn, facts, script, { stdin: bytes, purpose: `writing ${path}` });
  if (result.code === symlinkExit) throw symlinkError(path, result.stdout);
  if (result.code !== 0) {
    throw new ExternalError(
      `could not write ${path} on the host: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  }
  const lines = result.stdout.split('\n');
  return {
    changed: lines.includes('changed'),
    ...(lines.includes('backup') ? { backupPath: backupPathFor(path) } : {}),
  };
}

/** The content of a root-only file, read with a privileged cat; undefined when the file does not exist. */
export async function readRemoteConfig(
  conn: HostConnection,
  facts: Pick<HostFacts, 'privilege'>,
  path: string,
): Promise<string | undefined> {
  const script = `target=${shellQuote(path)}; ${refuseSymlink}; if [ -f "$target" ]; then cat "$target"; else exit ${missingExit}; fi`;
  const result = await runPrivileged(conn, facts, script, { purpose: `reading ${path}` });
  if (result.code === missingExit) return undefined;
  if (result.code === symlinkExit) throw symlinkError(path, result.stdout);
  if (result.code !== 0) {
    throw new ExternalError(
      `could not read ${path} on the host: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  }
  return result.stdout;
}

/** Moves a root-only file aside to its backup path; returns that path, or undefined when there was no file. */
export async function moveAside(
  conn: HostConnection,
  facts: Pick<HostFacts, 'privilege'>,
  path: string,
): Promise<string | undefined> {
  const backup = backupPathFor(path);
  const script = `target=${shellQuote(path)}; ${refuseSymlink}; if [ -f "$target" ]; then mv -f "$target" ${shellQuote(backup)}; echo moved; fi`;
  const result = await runPrivileged(conn, facts, script, { purpose: `moving ${path} aside` });
  if (result.code === symlinkExit) throw symlinkError(path, result.stdout);
  if (result.code !== 0) {
    throw new ExternalError(
      `could not remove ${path} on the host: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  }
  return result.stdout.includes('moved') ? backup : undefined;
}

/** Puts the backup back in place (atomically) or, when there was none, removes the file we created. */
export async function restoreBackup(
  conn: HostConnection,
  facts: Pick<HostFacts, 'privilege'>,
  path: string,
  backupPath: string | undefined,
): Promise<void> {
  const target = shellQuote(path);
  const script = backupPath
    ? `cp -p ${shellQuote(backupPath)} ${target}.restore && mv -f ${target}.restore ${target}`
    : `rm -f ${target}`;
  const result = await runPrivileged(conn, facts, script, { purpose: `restoring ${path}` });
  if (result.code !== 0) {
    throw new ExternalError(
      `could not restore ${path} on the host: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  }
}
