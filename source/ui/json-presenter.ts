import type { FlowPresenter, FlowSummary, PlanReview } from '../../flows/presenter.js';
import type { FlowEvent } from '../../flows/step.js';
import type { HostPrompter } from '../host/prompts.js';
import { headlessAsker } from './headless.js';

/**
 * The --json presenter: one JSON object per line on stdout. Events carry a `type`; the plan is
 * `{"type":"plan:review",…}`; the last line is the summary object (no `type`), as the README documents.
 */
export function createJsonPresenter(options: {
  out?: NodeJS.WritableStream;
  yes: boolean;
  /** Refuses every host question with the flag that answers it (nobody is at a keyboard). */
  hostPrompter: HostPrompter;
}): FlowPresenter {
  const out = options.out ?? process.stdout;
  const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
  return {
    listener: (event: FlowEvent) => line(event),
    asker: headlessAsker,
    hostPrompter: options.hostPrompter,
    async confirmPlan(review: PlanReview) {
      line({ type: 'plan:review', ...review });
      return options.yes;
    },
    async finish(summary: FlowSummary) {
      line(summary);
    },
    async close() {},
  };
}
