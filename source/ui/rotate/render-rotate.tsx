import { type Instance, render } from 'ink';
import type { RotationPreview } from '../../../flows/rotate/preview.js';
import type { RotationOutcome } from '../../../flows/rotate/types.js';
import type { StepPlan } from '../../../flows/runner.js';
import type { FlowListener } from '../../../flows/step.js';
import { endInk } from '../end-ink.js';
import { Store } from '../flow-store.js';
import { ColorContext, colorsEnabled } from '../theme.js';
import { RotateApp } from './RotateApp.js';
import { applyRotateEvent, initialRotateState } from './rotate-state.js';

export interface RotateScreenOptions {
  clinic: string;
  sandbox?: boolean;
  /** Skip the typed confirmation (--yes). */
  yes?: boolean;
  /** Ctrl+C: abort the rotation (it rolls back). */
  onInterrupt(): void;
  /** The run's signal: a SIGINT from another process stops the screen as a typed Ctrl+C does. */
  signal?: AbortSignal;
  streams?: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream };
  env?: NodeJS.ProcessEnv;
}

/** The rotation screen behind promises: events in, a confirmation out, the outcome shown, the terminal released. */
export interface RotateScreen {
  listener: FlowListener;
  confirm(plans: StepPlan[], preview: RotationPreview): Promise<boolean>;
  finish(outcome: RotationOutcome): Promise<void>;
  /** Releases the terminal without an outcome (the rotation could not start). */
  close(): Promise<void>;
}

/** Renders the rotation screen with Ink (TTY only); one tree for the whole rotation. */
export function createRotateScreen(options: RotateScreenOptions): RotateScreen {
  const streams = options.streams ?? { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr };
  const store = new Store(initialRotateState(options.clinic, options.sandbox));
  const interrupt = () => {
    store.update((s) => ({ ...s, interrupted: 'Stopped by Ctrl+C: rolling back to the old authtoken…' }));
    store.get().confirm?.decide(false);
    options.onInterrupt();
  };
  if (options.signal?.aborted) interrupt();
  else options.signal?.addEventListener('abort', interrupt, { once: true });
  // Rendered on first use: the host may ask about its key (plain prompts) before the screen takes the terminal.
  let instance: Instance | undefined;
  const ensure = () => {
    instance ??= render(
      <ColorContext.Provider value={colorsEnabled(options.env)}>
        <RotateApp store={store} animate={Boolean(streams.stdout.isTTY)} onInterrupt={interrupt} />
      </ColorContext.Provider>,
      { ...streams, exitOnCtrlC: false, patchConsole: false },
    );
  };
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      options.signal?.removeEventListener('abort', interrupt);
      if (!instance) return;
      // Let React commit the last update and Ink draw it (Ink throttles frames) before the tree goes.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await endInk(instance, streams.stdout);
    })();
    return closed;
  };
  return {
    listener: (event) => {
      ensure();
      store.update((s) => applyRotateEvent(s, event));
    },
    confirm: (plans, preview) => {
      if (options.yes) return Promise.resolve(true);
      ensure();
      return new Promise((resolve) => {
        const decide = (goAhead: boolean) => {
          store.update((s) => ({ ...s, confirm: undefined }));
          resolve(goAhead);
        };
        store.update((s) => ({ ...s, confirm: { plans, preview, decide } }));
      });
    },
    finish: async (outcome) => {
      ensure();
      store.update((s) => ({ ...s, outcome }));
      await close();
    },
    close,
  };
}
