import { readFile } from 'node:fs/promises';
import SSHConfig from 'ssh-config';
import { defaultSshConfigPath } from './target.js';

/** What ~/.ssh/config sets for one host, as OpenSSH computes it (the first matching value of each). */
export interface SshHostSettings {
  user?: string;
  port?: number;
  identityFile?: string;
}

/** Looks a host (an alias or an address) up in ~/.ssh/config. */
export type SshHostLookup = (host: string) => SshHostSettings;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Reads ~/.ssh/config (https://man.openbsd.org/ssh_config) for the wizard's defaults: the User, Port and
 * IdentityFile of a host's blocks. A missing or unreadable file sets nothing; it never stops a question.
 */
export async function readSshHostSettings(path = defaultSshConfigPath()): Promise<SshHostLookup> {
  let config: SSHConfig;
  try {
    config = SSHConfig.parse(await readFile(path, 'utf8'));
  } catch {
    return () => ({});
  }
  return (host) => {
    if (host.trim() === '') return {};
    let computed: Record<string, string | string[]>;
    try {
      computed = config.compute(host);
    } catch {
      return {};
    }
    const user = first(computed.User);
    const port = Number(first(computed.Port));
    const identityFile = first(computed.IdentityFile);
    return {
      ...(user ? { user } : {}),
      ...(Number.isInteger(port) && port >= 1 && port <= 65535 ? { port } : {}),
      ...(identityFile ? { identityFile } : {}),
    };
  };
}
