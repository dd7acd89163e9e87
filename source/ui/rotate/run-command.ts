import { rotateDeps } from '../../../flows/rotate/deps.js';
import { parseAge } from '../../../flows/rotate/duration.js';
import type { RotationOutcome } from '../../../flows/rotate/types.js';
import { hostTrust } from '../../commands/host-options.js';
import { withInterrupt } from '../../commands/interrupt.js';
import type { RotateFlags } from '../../commands/rotate.js';
import { ExitCode, UserError } from '../../errors.js';
import { sshHostOpener } from '../../host/ssh-clinic-host.js';
import { apiClientFromEnv } from '../../ngrok/key.js';
import { headlessHostPrompter } from '../../render/headless.js';
import type { ClinicSpec } from '../../spec/schema.js';
import { appendAudit } from '../../store/audit-log.js';
import { rememberIdentity } from '../../store/host-extras.js';

/**
 * Runs `clinic-tui rotate` with the renderer the flags and the terminal call for; returns the exit code. `spec` is
 * the clinic's answers file (`--answers`), already loaded and checked by the command.
 */
export async function runRotateCommand(
  clinic: string | undefined,
  flags: RotateFlags,
  spec?: ClinicSpec,
): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !flags.json && !flags.plain;
  if (!interactive && !flags.yes) {
    throw new UserError(
      'Nobody can confirm the rotation here: pass --yes.',
      'Rotation is reversible until the old authtoken is deleted, and it rolls back by itself on any failure.',
    );
  }
  const concurrency = positiveInteger(flags.concurrency, '--concurrency', 1);
  const canary = positiveInteger(flags.canary, '--canary', 0);
  const olderThanMs = flags.olderThan ? parseAge(flags.olderThan) : undefined;
  // A second Ctrl+C while the rollback runs leaves at once; the rollback is what keeps the clinic working.
  return withInterrupt(async (controller) => {
    const api = apiClientFromEnv(process.env);
    const prompter = interactive
      ? (await import('../plain/host-prompter.js')).plainHostPrompter
      : headlessHostPrompter;
    const deps = rotateDeps({
      api,
      openHost: sshHostOpener({ prompter, ...hostTrust(flags) }),
      audit: (entries) => appendAudit(entries),
    });
    if (flags.all) {
      const { runFleetRotation } = await import('./run-fleet.js');
      const outcomes = await runFleetRotation(deps, {
        json: Boolean(flags.json),
        confirmInteractively: interactive && !flags.yes,
        concurrency,
        canary,
        signal: controller.signal,
        identity: flags.identity,
        ...(olderThanMs !== undefined ? { olderThanMs } : {}),
      });
      if (controller.signal.aborted) return ExitCode.interrupted;
      return outcomes.every((o) => o.result === 'rotated' || (o.result === 'skipped' && !isProblem(o)))
        ? ExitCode.ok
        : ExitCode.external;
    }
    const id = clinic!;
    // A key passed now is remembered only once it has served a rotation: an unknown clinic or a bad answers
    // file must leave the state directory as it was.
    const identityFile = flags.identity ?? (await rememberIdentity(id, undefined));
    const { runOneRotation } = await import('./run-one.js');
    const outcome = await runOneRotation(deps, {
      clinic: id,
      interactive,
      yes: Boolean(flags.yes),
      json: Boolean(flags.json),
      signal: controller.signal,
      onInterrupt: () => controller.abort(),
      ...(spec ? { spec } : {}),
      ...(identityFile ? { identityFile } : {}),
    });
    if (outcome.result === 'rotated' && flags.identity) await rememberIdentity(id, flags.identity);
    if (controller.signal.aborted) return ExitCode.interrupted;
    if (outcome.result === 'skipped') return ExitCode.interrupted;
    return outcome.result === 'rotated' ? ExitCode.ok : ExitCode.external;
  });
}

/** A skipped clinic is a problem when something stopped it, not when it was simply not due. */
function isProblem(outcome: RotationOutcome): boolean {
  return outcome.error !== undefined && !outcome.error.message.includes('--older-than');
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
export async function rotateFromFleet(clinicId: string): Promise<void> {
  await runRotateCommand(clinicId, { concurrency: '4', canary: '1' });
}
