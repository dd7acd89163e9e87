import type { Command } from 'commander';
import type { FlowPresenter, FlowSummary } from '../../flows/presenter.js';
import type { RotationOutcome } from '../../flows/rotate/types.js';
import { ExitCode, exitCodeFor } from '../errors.js';

/**
 * With `--json`, a script reads the last line of stdout for how the run ended. A run that stops on an error before
 * its summary object is printed (bad input included: an answers file, the API key, a key file) still ends with one
 * there; the error then goes on to the CLI's handler, which prints it on stderr and picks the exit code.
 */

/** The error as a summary carries it: its message and, when there is one, what to do next. */
export type ErrorJson = { message: string; hint?: string };

/** Builds the summary object of a failed run from the clinic (when known) and the error. */
export type FailureShape = (clinic: string | undefined, error: ErrorJson, code: number) => object;

/** What a command's action is given to report its clinic and the presenter that prints its own summary. */
export interface JsonFailureReport {
  /** The clinic the run is about, once it is known (an argument checked, an answers file read). */
  clinic(id: string): void;
  /** The presenter, noted when it prints the run's summary, so a failure after that prints no second one. */
  watch(presenter: FlowPresenter): FlowPresenter;
  /** Notes that a view printed the run's summary object itself, so a failure after that prints no second one. */
  printed(): void;
}

/** Wraps a commander action: with --json, a failure ends with `shape`'s summary on stdout, then is rethrown. */
export function withJsonFailure<Args extends unknown[]>(
  shape: FailureShape,
  action: (report: JsonFailureReport, ...args: Args) => Promise<void>,
): (...args: Args) => Promise<void> {
  return async (...args) => {
    // commander passes the command last: its options say whether this run prints JSON.
    const json = (args.at(-1) as Command).opts<{ json?: boolean }>().json === true;
    let clinic: string | undefined;
    let printed = false;
    const report: JsonFailureReport = {
      clinic: (id) => {
        clinic = id;
      },
      // Only the JSON presenter (a plain object) is wrapped; the others print no summary object.
      watch: (presenter) =>
        json
          ? {
              ...presenter,
              finish: async (summary) => {
                printed = true;
                await presenter.finish(summary);
              },
            }
          : presenter,
      printed: () => {
        printed = true;
      },
    };
    try {
      await action(report, ...args);
    } catch (error) {
      if (json && !printed) {
        process.stdout.write(`${JSON.stringify(shape(clinic, errorJson(error), exitCodeFor(error)))}\n`);
      }
      throw error;
    }
  };
}

function errorJson(error: unknown): ErrorJson {
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: unknown } | undefined)?.hint;
  return typeof hint === 'string' && hint ? { message, hint } : { message };
}

/** onboard's and offboard's summary object (the README's shape) for a run that stopped before its flow reported. */
export const flowFailure: FailureShape = (clinic, error, code) =>
  ({
    ...(clinic ? { clinic } : {}),
    result: 'failed',
    created: [],
    updated: [],
    deleted: [],
    reused: [],
    labels: {},
    publicUrls: [],
    dnsRecords: [],
    // Bad input is refused before anything runs (the exit code 2 promise).
    nextSteps: code === ExitCode.usage ? ['Nothing was changed.'] : [],
    error,
  }) satisfies Omit<FlowSummary, 'clinic'>;

/** rotate's per-clinic object for a run that stopped before any rotation reported. */
export const rotationFailure: FailureShape = (clinic, error) =>
  ({
    ...(clinic ? { clinic } : {}),
    result: 'failed',
    old_credential: null,
    new_credential: null,
    gap_ms: null,
    error,
  }) satisfies Omit<RotationOutcome, 'clinic'>;

/** verify's summary object for a run that stopped before it probed: no endpoint verdicts. */
export const probeFailure: FailureShape = (clinic, error) => ({
  ...(clinic ? { clinic } : {}),
  at: new Date().toISOString(),
  endpoints: [],
  error,
});
