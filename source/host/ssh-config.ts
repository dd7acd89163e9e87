import { defaultSshConfigPath, firstValue, loadSshConfig } from './target.js';

/** What ~/.ssh/config sets for one host, as OpenSSH computes it (the first matching value of each). */
export interface SshHostSettings {
  user?: string;
  port?: number;
  identityFile?: string;
}

/** Looks a host (an alias or an address) up in ~/.ssh/config. */
export type SshHostLookup = (host: string) => SshHostSettings;

/**
 * Reads ~/.ssh/config (https://man.openbsd.org/ssh_config) for the wizard's defaults: the User, Port and
 * IdentityFile of a host's blocks. A missing or unreadable file sets nothing; it never stops a question.
 */
export async function readSshHostSettings(path = defaultSshConfigPath()): Promise<SshHostLookup> {
  const config = await loadSshConfig(path).catch(() => undefined);
  if (!config) return () => ({});
  return (host) => {
    if (host.trim() === '') return {};
    let computed: Record<string, string | string[]>;
    try {
      computed = config.compute(host);
    } catch {
      return {};
    }
    const user = firstValue(computed.User);
    const port = Number(firstValue(computed.Port));
    // Kept as written (~/…): answers files name keys that way, and they are expanded where they are read.
    const identityFile = firstValue(computed.IdentityFile);
    return {
      ...(user ? { user } : {}),
      ...(Number.isInteger(port) && port >= 1 && port <= 65535 ? { port } : {}),
      ...(identityFile ? { identityFile } : {}),
    };
  };
}
