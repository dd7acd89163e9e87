import { UserError } from '../errors.js';
import type { HostKeyInfo, HostPrompter } from './prompts.js';

/** For runs without a person at the keyboard: every question is refused with the flag that answers it. */
export const headlessPrompter: HostPrompter = {
  async confirmHostKey(info: HostKeyInfo) {
    throw new UserError(
      `the host key of ${info.host} is not known: ${info.keyType} ${info.fingerprint}`,
      'Confirm the fingerprint with the clinic, then rerun with --accept-new-host-key or set host.host_key in the answers file.',
    );
  },
  async passphrase(keyPath: string) {
    throw new UserError(
      `${keyPath} needs a passphrase and there is no terminal to ask for it`,
      'Load the key into ssh-agent (ssh-add) or run in a terminal.',
    );
  },
  async password(userAtHost: string) {
    throw new UserError(
      `no key was accepted by ${userAtHost} and there is no terminal to ask for a password`,
      'Pass --identity FILE, load the key into ssh-agent, or run in a terminal.',
    );
  },
  async sudoPassword(userAtHost: string) {
    throw new UserError(
      `sudo on ${userAtHost} needs a password and there is no terminal to ask for it`,
      'Allow passwordless sudo for this user, log in as root, or run in a terminal.',
    );
  },
};
