import type { Stage } from '../../flows/onboard/context.js';
import type { FlowPresenter } from '../../flows/presenter.js';
import type { ClinicSpec } from '../spec/schema.js';
import type { CommandRun, RunOutcome } from './command-run.js';
import { type HostFlags, hostTrust } from './host-options.js';
import { dialerFromEnv, strangerProbes } from './stranger-probes.js';

export interface OnboardOnce extends HostFlags {
  /** --take-over-host: the host may serve another clinic now; this one replaces it. */
  takeOverHost?: boolean | undefined;
  spec: ClinicSpec;
  stage: Stage;
  dryRun?: boolean | undefined;
  run: CommandRun;
  presenter: FlowPresenter;
  /** The command that resumes this onboarding (`onboard --answers FILE`). */
  resume: string;
  /** Where the wizard's answers were saved; undefined when they came from --answers. */
  saved: string | undefined;
  /** --no-probe sets it false: no stranger probes after verify. */
  probe?: boolean | undefined;
}

/** Plans, reviews and applies one clinic; says how to resume when interrupted, and where the answers were saved. */
export async function onboardOnce(options: OnboardOnce): Promise<RunOutcome> {
  const { spec, run, presenter, resume, saved } = options;
  const [{ sshHostOpener }, { runOnboarding }, cp, { flowExitCode }] = await Promise.all([
    import('../host/ssh-clinic-host.js'),
    import('../../flows/onboard/run.js'),
    import('../store/checkpoints.js'),
    import('./flow-exit.js'),
  ]);
  const identityFile = await run.identityFor(spec.clinic.id);
  const { summary, result } = await runOnboarding({
    spec,
    stage: options.stage,
    dryRun: Boolean(options.dryRun),
    api: run.api,
    openHost: sshHostOpener({
      prompter: presenter.hostPrompter,
      ...hostTrust(options),
      ...(identityFile ? { identityFile } : {}),
      ...(options.takeOverHost ? { takeOverHost: true } : {}),
    }),
    presenter,
    signal: run.signal,
    checkpoints: cp.fileCheckpointStore(),
    ...(options.probe === false || options.dryRun
      ? {}
      : { probes: await strangerProbes(await dialerFromEnv()) }),
  });
  // The presenter has finished (the full-screen UI is gone), so these lines stay below it.
  if (saved) process.stderr.write(`Answers saved to ${saved} (rerun: ${resume}).\n`);
  if (result.aborted) {
    const kept = result.changes.length > 0 ? 'Finished steps are kept; run' : 'Nothing was changed; run';
    process.stderr.write(`Interrupted. ${kept} \`${resume}\` to resume.\n`);
  }
  // rotate and offboard read the host from the account, not from the answers, and must log in with the key
  // that served from this laptop: --identity, else the answers file's.
  return {
    exitCode: flowExitCode(result, summary.result === 'failed'),
    succeeded: summary.result === 'converged',
    clinic: spec.clinic.id,
    key: options.identity ?? spec.host.identity_file,
  };
}
