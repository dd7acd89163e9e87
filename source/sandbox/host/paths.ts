/**
 * The sandbox host keeps the clinic's files under a temp root. Commands arrive with real absolute paths
 * (/etc/ngrok/ngrok.yml), so before running one we prefix ROOT to every absolute path under these top-level
 * directories. /run is mapped so that the host is a systemd host only when the sandbox says so (its own
 * ROOT/run/systemd/system), whatever the machine running the tests is.
 */
const mappedDirs = ['etc', 'var', 'opt', 'srv', 'run'];

/** Rewrites absolute paths in a shell command so they point under the sandbox root. */
export function mapCommandPaths(command: string, root: string): string {
  const pattern = new RegExp(`(^|[\\s'"=:;(|&<>])(/(?:${mappedDirs.join('|')})(?=/|[\\s'";)|&<>]|$))`, 'g');
  return command.replace(pattern, (match, before: string, path: string, offset: number) => {
    const start = offset + before.length;
    return command.startsWith(root, start) ? match : `${before}${root}${path}`;
  });
}
