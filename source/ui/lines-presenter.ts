import type { FlowPresenter, FlowSummary, PlanReview } from '../../flows/presenter.js';
import type { FlowEvent } from '../../flows/step.js';
import type { HostPrompter } from '../host/prompts.js';
import { headlessAsker } from './headless.js';
import { formatEvent, formatPlan, formatSummary } from './plain-lines.js';

export interface LinesPresenterOptions {
  /** Progress lines go here (stderr), so stdout carries only the plan and the summary. */
  progress?: NodeJS.WritableStream;
  out?: NodeJS.WritableStream;
  /** --yes: go ahead without asking. Without it a headless run cannot confirm and stops after the plan. */
  yes: boolean;
  /** Refuses every host question with the flag that answers it (nobody is at a keyboard). */
  hostPrompter: HostPrompter;
}

/** The presenter for runs nobody watches (no terminal, CI, --yes): plain lines, no questions. */
export function createLinesPresenter(options: LinesPresenterOptions): FlowPresenter {
  const progress = options.progress ?? process.stderr;
  const out = options.out ?? process.stdout;
  const titles = new Map<string, string>();
  const write = (stream: NodeJS.WritableStream, lines: string[]) => {
    if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
  };
  return {
    listener(event: FlowEvent) {
      if (event.type === 'flow:start') for (const step of event.steps) titles.set(step.id, step.title);
      write(progress, formatEvent(event, titles));
    },
    asker: headlessAsker,
    hostPrompter: options.hostPrompter,
    async confirmPlan(review: PlanReview) {
      write(out, formatPlan(review));
      return options.yes;
    },
    async finish(summary: FlowSummary) {
      write(out, formatSummary(summary));
    },
    // Plain lines hold no terminal state to release.
    async close() {},
  };
}
