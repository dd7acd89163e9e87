import type { RotationPreview } from '../../../flows/rotate/preview.js';
import type { RotationOutcome } from '../../../flows/rotate/types.js';
import type { StepPlan } from '../../../flows/runner.js';
import type { FlowListener } from '../../../flows/step.js';
import { plainAsker } from '../plain/asker.js';
import { formatChange } from '../plain-lines.js';
import { outcomeLines, plainProgress } from './plain-output.js';
import { previewLines } from './preview-lines.js';

/** How one clinic's rotation is shown: progress, the confirmation (when someone is asked), the outcome. */
export interface RotationView {
  listener: FlowListener;
  /** Absent when nobody is asked (--yes). */
  confirm?: (plans: StepPlan[], preview: RotationPreview) => Promise<boolean>;
  finish(outcome: RotationOutcome): Promise<void>;
  close(): Promise<void>;
}

export interface RotationLinesOptions {
  clinic: string;
  /** The outcome as one JSON object instead of lines. */
  json: boolean;
  /** Ask for the clinic id to be typed before anything changes (plain prompts on a terminal, without --yes). */
  ask: boolean;
  progress?: NodeJS.WritableStream;
  out?: NodeJS.WritableStream;
  /** The run's signal: aborted (a SIGINT from another process), the confirmation prompt ends. */
  signal?: AbortSignal;
  /** Told once the outcome is on stdout, so a failure after it (remembering the key) prints no second object. */
  onPrinted?: () => void;
}

/** Rotation as plain lines: progress on stderr, the outcome on stdout, the confirmation as a plain prompt. */
export function createRotationLines(options: RotationLinesOptions): RotationView {
  const progress = options.progress ?? process.stderr;
  const out = options.out ?? process.stdout;
  const view: RotationView = {
    listener: plainProgress((line) => progress.write(`${line}\n`)),
    async finish(outcome) {
      out.write(options.json ? `${JSON.stringify(outcome)}\n` : `${outcomeLines(outcome).join('\n')}\n`);
      options.onPrinted?.();
    },
    // Plain lines hold no terminal state to release.
    async close() {},
  };
  if (!options.ask) return view;
  return {
    ...view,
    async confirm(plans, preview) {
      const changes = plans.flatMap((plan) => plan.changes.filter((change) => change.kind !== 'none'));
      const lines = [
        ...previewLines(preview),
        'Plan:',
        ...changes.map((change) => `  ${formatChange(change, 'plan')}`),
      ];
      out.write(`${lines.join('\n')}\n`);
      const typed = await plainAsker(options.signal).ask({
        kind: 'text',
        id: 'confirm-clinic-id',
        message: `Type the clinic id (${options.clinic}) to rotate`,
        validate: (value) =>
          value.trim() === options.clinic ? undefined : `type ${options.clinic} exactly, or press Ctrl+C`,
      });
      return String(typed).trim() === options.clinic;
    },
  };
}
