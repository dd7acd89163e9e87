import type { RotationOutcome } from '../../../flows/rotate/types.js';
import type { FlowListener } from '../../../flows/step.js';
import { formatEvent } from '../plain-lines.js';
import { describeOutcome } from './rotate-state.js';

/** Progress as plain lines (to stderr, so stdout stays the result), each prefixed with the clinic when asked. */
export function plainProgress(write: (line: string) => void, prefix = ''): FlowListener {
  const titles = new Map<string, string>();
  return (event) => {
    if (event.type === 'flow:start') for (const step of event.steps) titles.set(step.id, step.title);
    for (const line of formatEvent(event, titles)) write(`${prefix}${line}`);
  };
}

/** The outcome for people: one line, then the error and what to do next. */
export function outcomeLines(outcome: RotationOutcome): string[] {
  return [
    describeOutcome(outcome),
    ...(outcome.error ? [`  ${outcome.error.message}`] : []),
    ...(outcome.error?.hint ? [`  ${outcome.error.hint}`] : []),
  ];
}
