import { type Command, Option } from 'commander';
import type { Stage } from '../../flows/onboard/context.js';
import { UserError } from '../errors.js';

interface OnboardFlags {
  answers?: string;
  yes?: boolean;
  stage: Stage;
  json?: boolean;
  dryRun?: boolean;
  plain?: boolean;
  acceptNewHostKey?: boolean;
  knownHosts?: string;
  identity?: string;
}

/** `clinic-tui onboard`: plan → review → apply → verify for one clinic; safe to rerun at any moment. */
export function registerOnboard(program: Command): void {
  program
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
    .option('--json', 'print one JSON event per line, then the summary object')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--plain', 'plain lines instead of the full-screen UI')
    .option('--accept-new-host-key', 'trust and record an unknown host key (a changed key is always refused)')
    .option('--known-hosts <file>', 'the known_hosts file to check and record host keys in')
    .option('--identity <file>', 'the SSH private key for the clinic host (remembered on this laptop)')
    .addHelpText(
      'after',
      '\nEnvironment: NGROK_API_KEY (required), NGROK_API_URL (default https://api.ngrok.com).' +
        '\nExit codes: 0 converged (or planned with --dry-run), 1 ngrok/SSH/host failure, 2 bad input, 130 interrupted.',
    )
    .action(async (flags: OnboardFlags) => {
      const { isInteractive } = await import('../render/choose-presenter.js');
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
      process.exitCode = await runOnboardCommand(flags);
    });
}

/** Loads the spec, picks the presenter, runs the flow with Ctrl+C wired to abort; returns the exit code. */
async function runOnboardCommand(flags: OnboardFlags): Promise<number> {
  const [
    { apiClientFromEnv },
    { choosePresenter },
    { sshHostOpener },
    { runOnboarding },
    { loadSpec },
    hosts,
    cp,
    errors,
  ] = await Promise.all([
    import('../ngrok/key.js'),
    import('../render/choose-presenter.js'),
    import('../../flows/host-adapter.js'),
    import('../../flows/onboard/run.js'),
    import('../../flows/onboard/spec-source.js'),
    import('../store/host-extras.js'),
    import('../store/checkpoints.js'),
    import('../errors.js'),
  ]);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(errors.ExitCode.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const resumeCommand = `clinic-tui onboard ${flags.answers ? `--answers ${flags.answers} ` : ''}--stage ${flags.stage}`;
  try {
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
    const spec = await loadSpec(flags.answers, presenter.asker);
    const identityFile = await hosts.rememberIdentity(spec.clinic.id, flags.identity);
    const { summary, result } = await runOnboarding({
      spec,
      stage: flags.stage,
      dryRun: Boolean(flags.dryRun),
      api,
      openHost: sshHostOpener({
        prompter: presenter.hostPrompter,
        ...(flags.knownHosts ? { knownHostsPath: flags.knownHosts } : {}),
        ...(flags.acceptNewHostKey ? { acceptNewHostKey: true } : {}),
        ...(identityFile ? { identityFile } : {}),
      }),
      presenter,
      signal: controller.signal,
      checkpoints: cp.fileCheckpointStore(),
    });
    if (result.aborted) {
      process.stderr.write(`Interrupted. Finished steps are kept; run \`${resumeCommand}\` to resume.\n`);
      return errors.ExitCode.interrupted;
    }
    if (result.failure) {
      const code = errors.exitCodeFor(result.failure.error);
      // A bug's stack goes to stderr with a request to report it; known failures were shown by the presenter.
      if (code === errors.ExitCode.bug) process.stderr.write(`${errors.formatError(result.failure.error)}\n`);
      return code;
    }
    return summary.result === 'failed' ? errors.ExitCode.external : errors.ExitCode.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
