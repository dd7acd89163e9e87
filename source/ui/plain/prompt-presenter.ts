import type { FlowPresenter } from '../../../flows/presenter.js';
import { createLinesPresenter } from '../lines-presenter.js';
import { plainAsker } from './asker.js';
import { plainHostPrompter } from './host-prompter.js';

/**
 * The presenter for `--plain` (and TERM=dumb) with a person at the keyboard: progress as plain lines, questions and
 * the go-ahead through @inquirer/prompts.
 */
export function createPromptPresenter(): FlowPresenter {
  const lines = createLinesPresenter({ yes: true, hostPrompter: plainHostPrompter });
  return {
    ...lines,
    asker: plainAsker,
    async confirmPlan(review) {
      await lines.confirmPlan(review);
      return plainAsker
        .ask({ kind: 'confirm', id: 'plan', message: 'Apply this plan?', default: true })
        .then(Boolean);
    },
  };
}
