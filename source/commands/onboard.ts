import { type Command, Option } from 'commander';
import type { Stage } from '../../flows/onboard/context.js';
import { UserError } from '../errors.js';
import { checkApiEnvironment } from '../ngrok/api-env.js';
import type { ClinicSpec } from '../spec/schema.js';
import { runCommand } from './command-run.js';
import { addHelpSections, apiEnvironment } from './help.js';
import {
  addHostOptions,
  checkHostFlags,
  checkSpecKeyFiles,
  type HostFlags,
  hostTrust,
} from './host-options.js';
import { canAsk, chooseOutputMode } from './output-mode.js';
import { checkStateDir } from './preflight.js';

interface OnboardFlags extends HostFlags {
  answers?: string;
  yes?: boolean;
  stage: Stage;
  json?: boolean;
  dryRun?: boolean;
  plain?: boolean;
  takeOverHost?: boolean;
}

/** `clinic-tui onboard`: plan → review → apply → verify for one clinic; safe to rerun at any moment. */
export function registerOnboard(program: Command): void {
  const command = program
    .command('onboard')
    .description(
      'onboard a clinic: service user, domain, cloud endpoints, authtoken, ngrok.yml on the host, verify',
    )
    .option('--answers <file>', 'the answers file (YAML or JSON); required without a terminal')
    .option('-y, --yes', 'apply without the review screen (headless)')
    .addOption(
      new Option('--stage <stage>', 'cloud (office), host (on site) or all')
        .choices(['cloud', 'host', 'all'])
        .default('all'),
    )
    .addOption(
      new Option('--json', 'print one JSON event per line, then the summary object').conflicts('plain'),
    )
    .addOption(new Option('--dry-run', 'print the plan and change nothing').conflicts('yes'))
    .option('--plain', 'plain lines instead of the full-screen UI')
    .option(
      '--take-over-host',
      "replace another clinic's ngrok.yml and service on the host (refused without it)",
    );
  addHelpSections(addHostOptions(command), {
    examples: [
      ['clinic-tui onboard', 'the wizard: questions, the review, then apply and verify'],
      [
        'clinic-tui onboard --answers clinic1.yml --stage cloud --yes',
        'in the office: the account side only',
      ],
      [
        'clinic-tui onboard --answers clinic1.yml --stage host',
        'on site: authtoken, ngrok.yml, service, verify',
      ],
      ['clinic-tui onboard --answers clinic1.yml --dry-run', 'print the plan and change nothing'],
    ],
    environment: apiEnvironment,
    exitCodes: [
      [0, 'converged (or planned, with --dry-run)'],
      [1, 'the ngrok API, SSH or the host failed'],
      [2, 'bad input; nothing was changed'],
      [130, 'interrupted; run the same command again to resume'],
    ],
  }).action(async (flags: OnboardFlags) => {
    const headless = !canAsk(chooseOutputMode({ json: flags.json }));
    if (!flags.answers && headless) {
      throw new UserError(
        'No terminal to ask the onboarding questions on: pass --answers FILE.',
        'See assets/examples/clinic1.yml.',
      );
    }
    if (headless && !flags.yes && !flags.dryRun) {
      throw new UserError(
        'Nobody can review the plan here: pass --yes to apply it, or --dry-run to only print it.',
      );
    }
    checkApiEnvironment();
    await checkHostFlags(flags);
    // A bad answers file fails here: before the screen starts, the state directory or the account is touched.
    const answers = flags.answers
      ? await (await import('../spec/load.js')).loadAnswersFile(flags.answers)
      : undefined;
    await checkStateDir();
    process.exitCode = await runOnboardCommand(flags, answers);
  });
}

/**
 * Asks for (or takes) the clinic, then runs the flow; returns the exit code. The first question is on screen before
 * the SSH and flow modules load: a technician starts reading while they do.
 */
async function runOnboardCommand(flags: OnboardFlags, answers: ClinicSpec | undefined): Promise<number> {
  const [{ apiClientFromEnv }, { flowPresenterFor }, { loadSpec }] = await Promise.all([
    import('../ngrok/key.js'),
    import('./presenter.js'),
    import('../../flows/onboard/spec-source.js'),
  ]);
  const resumeCommand = `clinic-tui onboard ${flags.answers ? `--answers ${flags.answers} ` : ''}--stage ${flags.stage}`;
  const mode = chooseOutputMode(flags);
  return runCommand(
    {
      api: (signal, onRateLimitWait) => apiClientFromEnv(process.env, { signal, onRateLimitWait }),
      identity: flags.identity,
      keyAfterSuccess: 'remember',
      open: (run) =>
        flowPresenterFor(mode, {
          title: 'clinic-tui onboard',
          stage: flags.stage,
          yes: Boolean(flags.yes),
          onInterrupt: run.abort,
          resumeCommand,
        }),
    },
    async (run, presenter) => {
      const spec = answers ?? (await loadSpec(undefined, presenter.asker));
      // The office (cloud stage) may not have the key the technician uses on site.
      if (flags.stage !== 'cloud') await checkSpecKeyFiles(spec);
      const [{ sshHostOpener }, { runOnboarding }, cp, { flowExitCode }] = await Promise.all([
        import('../host/ssh-clinic-host.js'),
        import('../../flows/onboard/run.js'),
        import('../store/checkpoints.js'),
        import('./flow-exit.js'),
      ]);
      if (!flags.dryRun) await run.lock(spec.clinic.id);
      const identityFile = await run.identityFor(spec.clinic.id);
      const { summary, result } = await runOnboarding({
        spec,
        stage: flags.stage,
        dryRun: Boolean(flags.dryRun),
        api: run.api,
        openHost: sshHostOpener({
          prompter: presenter.hostPrompter,
          ...hostTrust(flags),
          ...(identityFile ? { identityFile } : {}),
          ...(flags.takeOverHost ? { takeOverHost: true } : {}),
        }),
        presenter,
        signal: run.signal,
        checkpoints: cp.fileCheckpointStore(),
      });
      if (result.aborted) {
        process.stderr.write(`Interrupted. Finished steps are kept; run \`${resumeCommand}\` to resume.\n`);
      }
      // rotate and offboard read the host from the account, not from the answers, and must log in with the key
      // that served from this laptop: --identity, else the answers file's.
      return {
        exitCode: flowExitCode(result, summary.result === 'failed'),
        succeeded: summary.result === 'converged',
        clinic: spec.clinic.id,
        key: flags.identity ?? spec.host.identity_file,
      };
    },
  );
}
