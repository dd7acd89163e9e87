import type { Asker } from '../../flows/step.js';
import { UserError } from '../errors.js';

/** The asker for runs without a person at the keyboard: every question is refused with what to pass instead. */
export const headlessAsker: Asker = {
  async ask(question) {
    throw new UserError(
      `No terminal to ask "${question.message}" on.`,
      'Run in a terminal, or pass --answers FILE (and --yes) to run without questions.',
    );
  },
};
