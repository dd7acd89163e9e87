import { confirm, password } from '@inquirer/prompts';
import type { HostPrompter } from '../../host/prompts.js';
import { prompting } from './asker.js';

/**
 * The host prompts (unknown host key, passphrase, passwords) as plain prompts; secrets are masked. An aborted
 * `signal` (a SIGINT from another process) ends the prompt as a typed Ctrl+C does.
 */
export function plainHostPrompter(signal?: AbortSignal): HostPrompter {
  const context = signal ? { signal } : {};
  const secret = (message: string) => prompting(() => password({ message, mask: '•' }, context));
  return {
    confirmHostKey: (info) =>
      prompting(() =>
        confirm(
          {
            message: `Unknown host key for ${info.host}: ${info.keyType} ${info.fingerprint}. Trust it? (Compare with \`ssh-keygen -lf\` on the host.)`,
            default: false,
          },
          context,
        ),
      ),
    passphrase: (keyPath) => secret(`Passphrase for ${keyPath}`),
    password: (userAtHost) => secret(`SSH password for ${userAtHost}`),
    sudoPassword: (userAtHost) => secret(`sudo password for ${userAtHost}`),
  };
}
