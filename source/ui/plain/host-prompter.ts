import { confirm, password } from '@inquirer/prompts';
import type { HostPrompter } from '../../host/prompts.js';
import { prompting } from './asker.js';

/** The host prompts (unknown host key, passphrase, passwords) as plain prompts; secrets are masked. */
export const plainHostPrompter: HostPrompter = {
  confirmHostKey: (info) =>
    prompting(() =>
      confirm({
        message: `Unknown host key for ${info.host}: ${info.keyType} ${info.fingerprint}. Trust it? (Compare with \`ssh-keygen -lf\` on the host.)`,
        default: false,
      }),
    ),
  passphrase: (keyPath) => prompting(() => password({ message: `Passphrase for ${keyPath}`, mask: '•' })),
  password: (userAtHost) =>
    prompting(() => password({ message: `SSH password for ${userAtHost}`, mask: '•' })),
  sudoPassword: (userAtHost) =>
    prompting(() => password({ message: `sudo password for ${userAtHost}`, mask: '•' })),
};
