import { rotateDeps } from '../../flows/rotate/deps.js';
import { parseAge } from '../../flows/rotate/duration.js';
import type { RotateDeps, RotationOutcome } from '../../flows/rotate/types.js';
import { ExitCode, UserError } from '../errors.js';
import { sshHostOpener } from '../host/ssh-clinic-host.js';
import type { NgrokClient } from '../ngrok/client.js';
import { apiClientFromEnv } from '../ngrok/key.js';
import type { ClinicSpec } from '../spec/schema.js';
import { appendAudit, auditLogPath } from '../store/audit-log.js';
import { type CommandRun, noView, runCommand } from './command-run.js';
import { type HostFlags, hostTrust } from './host-options.js';
import { canAsk, chooseOutputMode, type OutputMode } from './output-mode.js';

/** The flags `clinic-tui rotate` accepts. */
export interface RotateFlags extends HostFlags {
  all?: boolean;
  olderThan?: string;
  concurrency: string;
  canary: string;
  answers?: string;
  yes?: boolean;
  json?: boolean;
  plain?: boolean;
}

/** Where a rotation reaches the account and the hosts: ngrok and this laptop's SSH setup, or the demo's sandbox. */
export interface RotationPlace {
  api(signal: AbortSignal, onRateLimitWait: (seconds: number) => void): NgrokClient;
  /** known_hosts and --accept-new-host-key, and a key for every host that names none. */
  hosts: { knownHostsPath?: string; acceptNewHostKey?: boolean; identityFile?: string };
  /** The state directory (audit log, locks, remembered keys); default CLINIC_TUI_HOME's. */
  stateDir?: string;
  /** Labels the rotation screen SANDBOX. */
  sandbox?: boolean;
}

/** The real account (NGROK_API_KEY) and this laptop's SSH setup, as the flags ask. */
function placeFromFlags(flags: RotateFlags): RotationPlace {
  return {
    api: (signal, onRateLimitWait) => apiClientFromEnv(process.env, { signal, onRateLimitWait }),
    hosts: hostTrust(flags),
  };
}

/**
 * Runs `clinic-tui rotate` in the command's output mode; returns the exit code. `spec` is the clinic's answers file
 * (`--answers`), already loaded and checked by the command; onOutcomePrinted is told once a clinic's outcome is on
 * stdout.
 */
export async function runRotateCommand(
  clinic: string | undefined,
  flags: RotateFlags,
  spec?: ClinicSpec,
  place: RotationPlace = placeFromFlags(flags),
  onOutcomePrinted?: () => void,
): Promise<number> {
  const mode = chooseOutputMode(flags);
  if (!canAsk(mode) && !flags.yes) {
    throw new UserError(
      'Nobody can confirm the rotation here: pass --yes.',
      'Rotation is reversible until the old authtoken is deleted, and it rolls back by itself on any failure.',
    );
  }
  const concurrency = positiveInteger(flags.concurrency, '--concurrency', 1);
  const canary = positiveInteger(flags.canary, '--canary', 0);
  const olderThanMs = flags.olderThan ? parseAge(flags.olderThan) : undefined;
  // A second Ctrl+C while the rollback runs leaves at once; the rollback is what keeps the clinic working.
  return runCommand(
    {
      api: place.api,
      identity: flags.identity,
      keyAfterSuccess: 'remember',
      ...(place.stateDir ? { stateDir: place.stateDir } : {}),
      // Each clinic's rotation opens its own view, inside the run.
      open: noView,
    },
    async (run) => {
      const prompter = await hostPrompterFor(mode, run.signal);
      const deps = rotateDeps({
        api: run.api,
        openHost: sshHostOpener({ prompter, ...place.hosts }),
        audit: (entries) => appendAudit(entries, auditLogPath(place.stateDir)),
      });
      if (flags.all) {
        const [{ rotateFleet }, { fleetRotated }] = await Promise.all([
          import('./rotate-all.js'),
          import('../../flows/rotate/fleet.js'),
        ]);
        const outcomes = await rotateFleet(deps, {
          json: Boolean(flags.json),
          confirm: canAsk(mode) && !flags.yes,
          concurrency,
          canary,
          signal: run.signal,
          identity: flags.identity,
          ...(place.stateDir ? { stateDir: place.stateDir } : {}),
          ...(olderThanMs !== undefined ? { olderThanMs } : {}),
          ...(onOutcomePrinted ? { onPrinted: onOutcomePrinted } : {}),
        });
        if (run.signal.aborted) return { exitCode: ExitCode.interrupted, succeeded: false };
        const ok = fleetRotated(outcomes);
        return { exitCode: ok ? ExitCode.ok : ExitCode.external, succeeded: ok };
      }
      const id = clinic!;
      await run.lock(id);
      const identityFile = await run.identityFor(id);
      const outcome = await rotateOne(deps, mode, run, {
        clinic: id,
        yes: Boolean(flags.yes),
        signal: run.signal,
        onInterrupt: run.abort,
        sandbox: place.sandbox ?? false,
        ...(onOutcomePrinted ? { onPrinted: onOutcomePrinted } : {}),
        ...(spec ? { spec } : {}),
        ...(identityFile ? { identityFile } : {}),
      });
      // A key passed now is remembered only once it has served a rotation.
      const rotated = outcome.result === 'rotated';
      const exitCode =
        run.signal.aborted || outcome.result === 'skipped'
          ? ExitCode.interrupted
          : rotated
            ? ExitCode.ok
            : ExitCode.external;
      return { exitCode, succeeded: rotated, clinic: id, key: flags.identity };
    },
  );
}

interface OneRotation {
  clinic: string;
  yes: boolean;
  signal: AbortSignal;
  onInterrupt(): void;
  spec?: ClinicSpec;
  identityFile?: string;
  sandbox: boolean;
  onPrinted?: () => void;
}

/** One clinic, shown in the output mode: the Ink rotation screen, or plain lines (with a plain prompt to confirm). */
async function rotateOne(
  deps: RotateDeps,
  mode: OutputMode,
  run: CommandRun,
  options: OneRotation,
): Promise<RotationOutcome> {
  const [{ rotateClinic }, view] = await Promise.all([
    import('../../flows/rotate/run.js'),
    rotationView(mode, options),
  ]);
  run.showWaitsOn(view.listener);
  try {
    const outcome = await rotateClinic(deps, {
      clinic: options.clinic,
      signal: options.signal,
      ...(options.spec ? { spec: options.spec } : {}),
      ...(options.identityFile ? { identityFile: options.identityFile } : {}),
      listener: view.listener,
      ...(view.confirm ? { confirm: view.confirm } : {}),
    });
    await view.finish(outcome);
    return outcome;
  } finally {
    await view.close();
  }
}

async function rotationView(mode: OutputMode, options: OneRotation) {
  if (mode.kind === 'ink') {
    const { createRotateScreen } = await import('../ui/rotate/render-rotate.js');
    return createRotateScreen({
      clinic: options.clinic,
      yes: options.yes,
      sandbox: options.sandbox,
      onInterrupt: options.onInterrupt,
      signal: options.signal,
    });
  }
  const { createRotationLines } = await import('../ui/rotate/rotation-lines.js');
  return createRotationLines({
    clinic: options.clinic,
    json: mode.kind === 'json',
    ask: mode.kind === 'plain' && !options.yes,
    signal: options.signal,
    ...(options.onPrinted ? { onPrinted: options.onPrinted } : {}),
  });
}

/** The host prompts: Ink and plain prompts ask (plain, since the rotation screen starts after the login), else refuse. */
async function hostPrompterFor(mode: OutputMode, signal: AbortSignal) {
  if (canAsk(mode)) return (await import('../ui/plain/host-prompter.js')).plainHostPrompter(signal);
  return (await import('../host/headless-prompter.js')).headlessPrompter;
}

function positiveInteger(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > 64) {
    throw new UserError(`${flag} must be a whole number from ${min} to 64, got "${text}".`);
  }
  return value;
}

/**
 * For the fleet table's `R`: the rotation screen for one clinic (typed confirmation, phases, outcome), after
 * which the fleet view comes back. The outcome was on screen, so nothing is returned.
 */
export async function rotateFromFleet(clinicId: string, place?: RotationPlace): Promise<void> {
  await runRotateCommand(clinicId, { concurrency: '4', canary: '1' }, undefined, place);
}
