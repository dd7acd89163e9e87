import type { FlowListener } from '../../flows/step.js';
import type { NgrokClient } from '../ngrok/client.js';
import type { ClinicLock } from '../store/clinic-lock.js';
import { withInterrupt } from './interrupt.js';

/** What every command that works on the account and clinic hosts gets from the skeleton. */
export interface CommandRun<Api = NgrokClient> {
  /** Aborted by Ctrl+C, or by the UI's own Ctrl+C handler through abort(). */
  signal: AbortSignal;
  abort(): void;
  /** The ngrok API client; its requests stop on Ctrl+C (undefined for a command that does not use the API). */
  api: Api;
  /** The SSH key for a clinic's host: --identity, else the one remembered on this laptop for that clinic. */
  identityFor(clinic: string): Promise<string | undefined>;
  /** Where ngrok's rate-limit waits are shown from now on (the view opened for each clinic, for rotation). */
  showWaitsOn(listener: FlowListener): void;
  /** Takes this laptop's lock on the clinic for the rest of the run; refuses when another run holds it. */
  lock(clinic: string): Promise<void>;
}

/** How a run ended: its exit code, whether it did what was asked, and for which clinic with which SSH key. */
export interface RunOutcome {
  exitCode: number;
  succeeded: boolean;
  clinic?: string;
  /** The key that served the clinic's host (remembered after a successful onboarding or rotation). */
  key?: string | undefined;
}

export interface CommandRunOptions<View, Api> {
  /** Builds the API client for the run's signal, telling `onRateLimitWait` about each wait for ngrok's limit. */
  api(signal: AbortSignal, onRateLimitWait: (seconds: number) => void): Api;
  /** --identity as passed. */
  identity?: string | undefined;
  /**
   * This laptop's state directory for the remembered keys and the locks (the demo passes its own); undefined:
   * CLINIC_TUI_HOME's, which the store's functions use when given none.
   */
  stateDir?: string;
  /**
   * What a successful run does with the clinic's key on this laptop: `remember` the key that served (onboard,
   * rotate) or `forget` the clinic (offboard). A failed, declined, interrupted or dry run changes nothing here.
   */
  keyAfterSuccess?: 'remember' | 'forget';
  /** Opens what the run shows itself on (a presenter, a screen); closed however the run ends. */
  open(run: CommandRun<Api>): Promise<View>;
}

/** For a command whose views open inside its run (one per clinic, or a screen of its own). */
export const noView = async (): Promise<Closable> => ({ close: async () => {} });

/** A view with a flow listener (a presenter) shows the rate-limit waits too. */
interface Closable {
  close(): Promise<void>;
  listener?: FlowListener;
}

/**
 * The one skeleton of the commands (onboard, offboard, rotate, demo, doctor, fleet):
 * Ctrl+C wired to an AbortSignal, the API client, the view opened and always closed, the remembered SSH key looked
 * up before and settled after. Returns the exit code; errors reach the CLI's handler after the view is closed.
 */
export async function runCommand<View extends Closable, Api = NgrokClient>(
  options: CommandRunOptions<View, Api>,
  body: (run: CommandRun<Api>, view: View) => Promise<RunOutcome>,
): Promise<number> {
  return withInterrupt(async (controller) => {
    let waits: FlowListener | undefined;
    const locks: ClinicLock[] = [];
    // A missing API key fails here, before any question is asked.
    const api = options.api(controller.signal, (seconds) => waits?.({ type: 'rate-limit', seconds }));
    const run: CommandRun<Api> = {
      signal: controller.signal,
      abort: () => controller.abort(),
      api,
      identityFor: async (clinic) =>
        options.identity ??
        (await (await import('../store/host-extras.js')).loadHostExtras(clinic, options.stateDir))
          ?.identityFile,
      showWaitsOn: (listener) => {
        waits = listener;
      },
      lock: async (clinic) => {
        const { lockClinic } = await import('../store/clinic-lock.js');
        locks.push(lockClinic(clinic, ['clinic-tui', ...process.argv.slice(2)].join(' '), options.stateDir));
      },
    };
    const view = await options.open(run);
    if (view.listener) run.showWaitsOn(view.listener);
    try {
      const outcome = await body(run, view);
      await settleKey(options.keyAfterSuccess, outcome, options.stateDir);
      return outcome.exitCode;
    } finally {
      for (const lock of locks) lock.release();
      await view.close();
    }
  });
}

async function settleKey(
  after: CommandRunOptions<unknown, unknown>['keyAfterSuccess'],
  outcome: RunOutcome,
  stateDir: string | undefined,
) {
  if (!after || !outcome.succeeded || !outcome.clinic) return;
  const hosts = await import('../store/host-extras.js');
  if (after === 'forget') await hosts.saveHostExtras(outcome.clinic, undefined, stateDir);
  else if (outcome.key) await hosts.rememberIdentity(outcome.clinic, outcome.key, stateDir);
}
