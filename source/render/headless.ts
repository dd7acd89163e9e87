import type { Asker } from '../../flows/step.js';
import { UserError } from '../errors.js';
import type { HostKeyInfo, HostPrompter } from '../host/prompts.js';

/** The asker for runs without a person at the keyboard: every question is refused with what to pass instead. */
export const headlessAsker: Asker = {
  async ask(question) {
    throw new UserError(
      `No terminal to ask "${question.message}" on.`,
      'Run in a terminal, or pass --answers FILE (and --yes) to run without questions.',
    );
  },
};

/** The host prompter for headless runs: it never accepts a key or asks for a secret, and says what to do. */
export const headlessHostPrompter: HostPrompter = {
  async confirmHostKey(info: HostKeyInfo) {
    throw new UserError(
      `The host key of ${info.host} is not known: ${info.keyType} ${info.fingerprint}.`,
      'Check the fingerprint with the clinic, then pass --accept-new-host-key or set host.host_key in the answers file.',
    );
  },
  async passphrase(keyPath: string) {
    throw new UserError(
      `The key ${keyPath} needs a passphrase and there is no terminal to ask for it.`,
      'Load the key into ssh-agent (ssh-add) and run again.',
    );
  },
  async password(userAtHost: string) {
    throw new UserError(
      `${userAtHost} asks for a password and there is no terminal to ask for it.`,
      'Set up key authentication (ssh-copy-id), or run in a terminal.',
    );
  },
  async sudoPassword(userAtHost: string) {
    throw new UserError(
      `sudo on ${userAtHost} asks for a password and there is no terminal to ask for it.`,
      'Allow passwordless sudo for this user, or run in a terminal.',
    );
  },
};
