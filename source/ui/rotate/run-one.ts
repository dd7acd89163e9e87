import type { PrepareOptions } from '../../../flows/rotate/prepare.js';
import { rotateClinic } from '../../../flows/rotate/run.js';
import type { RotateDeps, RotationOutcome } from '../../../flows/rotate/types.js';
import { outcomeLines, plainProgress } from './plain-output.js';

export interface OneRotationOptions extends PrepareOptions {
  interactive: boolean;
  yes: boolean;
  json: boolean;
  signal: AbortSignal;
  onInterrupt(): void;
}

/** One clinic: the Ink rotation screen on a terminal, else plain progress on stderr and the result on stdout. */
export async function runOneRotation(
  deps: RotateDeps,
  options: OneRotationOptions,
): Promise<RotationOutcome> {
  const { interactive, yes, json, signal, onInterrupt, ...prepare } = options;
  if (interactive) {
    const { createRotateScreen } = await import('./render-rotate.js');
    const screen = createRotateScreen({ clinic: prepare.clinic, yes, onInterrupt });
    try {
      const outcome = await rotateClinic(deps, {
        ...prepare,
        listener: screen.listener,
        confirm: screen.confirm,
        signal,
      });
      await screen.finish(outcome);
      return outcome;
    } finally {
      await screen.close();
    }
  }
  const outcome = await rotateClinic(deps, {
    ...prepare,
    listener: plainProgress((line) => process.stderr.write(`${line}\n`)),
    signal,
  });
  process.stdout.write(json ? `${JSON.stringify(outcome)}\n` : `${outcomeLines(outcome).join('\n')}\n`);
  return outcome;
}
