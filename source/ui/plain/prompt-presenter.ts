import type { FlowPresenter } from '../../../flows/presenter.js';
import { createLinesPresenter } from '../lines-presenter.js';
import { plainAsker } from './asker.js';
import { plainHostPrompter } from './host-prompter.js';

/**
 * The presenter for `--plain` (and TERM=dumb) with a person at the keyboard: progress as plain lines, questions and
 * the go-ahead through @inquirer/prompts; an aborted `signal` (a SIGINT from another process) ends the prompt.
 */
export function createPromptPresenter(signal?: AbortSignal): FlowPresenter {
  const lines = createLinesPresenter({ yes: true, hostPrompter: plainHostPrompter(signal) });
  const asker = plainAsker(signal);
  return {
    ...lines,
    asker,
    async confirmPlan(review) {
      await lines.confirmPlan(review);
      return asker
        .ask({ kind: 'confirm', id: 'plan', message: 'Apply this plan?', default: true })
        .then(Boolean);
    },
  };
}
