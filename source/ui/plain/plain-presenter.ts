import type { FlowPresenter } from '../../../flows/presenter.js';
import { createPlainPresenter } from '../../render/plain-presenter.js';
import { plainAsker } from './asker.js';
import { plainHostPrompter } from './host-prompter.js';

/**
 * The presenter for `--plain` (and TERM=dumb) with a person at the keyboard: progress as plain lines (the
 * headless plain presenter of source/render), questions and the go-ahead through @inquirer/prompts.
 */
export function createInteractivePlainPresenter(): FlowPresenter {
  const lines = createPlainPresenter({ yes: true });
  return {
    ...lines,
    asker: plainAsker,
    hostPrompter: plainHostPrompter,
    async confirmPlan(review) {
      await lines.confirmPlan(review);
      return plainAsker
        .ask({ kind: 'confirm', id: 'plan', message: 'Apply this plan?', default: true })
        .then(Boolean);
    },
  };
}
