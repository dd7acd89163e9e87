import { type Command, Option } from 'commander';
import type { Stage } from '../../flows/onboard/context.js';
import { UserError } from '../errors.js';
import { checkApiEnvironment } from '../ngrok/api-env.js';
import { isInteractive } from '../render/terminal.js';
import type { ClinicSpec } from '../spec/schema.js';
import {
  addHostOptions,
  checkHostFlags,
  checkSpecKeyFiles,
  type HostFlags,
  hostTrust,
} from './host-options.js';
import { withInterrupt } from './interrupt.js';
import { checkStateDir } from './preflight.js';

interface OnboardFlags extends HostFlags {
  answers?: string;
  yes?: boolean;
  stage: Stage;
  json?: boolean;
  dryRun?: boolean;
  plain?: boolean;
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
    .option('--dry-run', 'print the plan and change nothing')
    .option('--plain', 'plain lines instead of the full-screen UI');
  addHostOptions(command)
    .addHelpText(
      'after',
      '\nEnvironment: NGROK_API_KEY (required), NGROK_API_URL (default https://api.ngrok.com).' +
        '\nExit codes: 0 converged (or planned with --dry-run), 1 ngrok/SSH/host failure, 2 bad input, 130 interrupted.',
    )
    .action(async (flags: OnboardFlags) => {
      const headless = !isInteractive() || flags.json;
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
 * Picks the presenter, asks for (or loads) the clinic, then runs the flow with Ctrl+C wired to abort; returns the
 * exit code. The first question is on screen before the SSH and flow modules load: a technician starts reading
 * while they do.
 */
async function runOnboardCommand(flags: OnboardFlags, answers: ClinicSpec | undefined): Promise<number> {
  const [{ apiClientFromEnv }, { choosePresenter }, { loadSpec }] = await Promise.all([
    import('../ngrok/key.js'),
    import('../render/choose-presenter.js'),
    import('../../flows/onboard/spec-source.js'),
  ]);
  const resumeCommand = `clinic-tui onboard ${flags.answers ? `--answers ${flags.answers} ` : ''}--stage ${flags.stage}`;
  return withInterrupt(async (controller) => {
    // Before any question: a missing API key fails now, not after the technician has answered them all.
    const api = apiClientFromEnv(process.env, { signal: controller.signal });
    const presenter = await choosePresenter({
      json: Boolean(flags.json),
      plain: Boolean(flags.plain),
      yes: Boolean(flags.yes),
      title: 'clinic-tui onboard',
      stage: flags.stage,
      onInterrupt: () => controller.abort(),
      resumeCommand,
    });
    // Esc on the first question, a bad answers file or a bug must not leave the terminal in raw mode.
    try {
      const spec = answers ?? (await loadSpec(undefined, presenter.asker));
      // The office (cloud stage) may not have the key the technician uses on site.
      if (flags.stage !== 'cloud') await checkSpecKeyFiles(spec);
      const [{ sshHostOpener }, { runOnboarding }, hosts, cp, { flowExitCode }] = await Promise.all([
        import('../host/ssh-clinic-host.js'),
        import('../../flows/onboard/run.js'),
        import('../store/host-extras.js'),
        import('../store/checkpoints.js'),
        import('./flow-exit.js'),
      ]);
      const identityFile = flags.identity ?? (await hosts.rememberIdentity(spec.clinic.id, undefined));
      const { summary, result } = await runOnboarding({
        spec,
        stage: flags.stage,
        dryRun: Boolean(flags.dryRun),
        api,
        openHost: sshHostOpener({
          prompter: presenter.hostPrompter,
          ...hostTrust(flags),
          ...(identityFile ? { identityFile } : {}),
        }),
        presenter,
        signal: controller.signal,
        checkpoints: cp.fileCheckpointStore(),
      });
      // The key that served is remembered (--identity, else the answers file's): rotate and offboard read the host
      // from the account, not from the answers, and must log in with it from this laptop. Only after a run that
      // converged: a dry run or a failed one leaves the state directory as it was.
      const usedKey = flags.identity ?? spec.host.identity_file;
      if (usedKey && summary.result === 'converged') await hosts.rememberIdentity(spec.clinic.id, usedKey);
      if (result.aborted) {
        process.stderr.write(`Interrupted. Finished steps are kept; run \`${resumeCommand}\` to resume.\n`);
      }
      return flowExitCode(result, summary.result === 'failed');
    } finally {
      await presenter.close();
    }
  });
}
