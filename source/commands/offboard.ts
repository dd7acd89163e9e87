import { type Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { checkApiEnvironment } from '../ngrok/api-env.js';
import { isInteractive } from '../render/terminal.js';
import { addHostOptions, checkHostFlags, type HostFlags, hostTrust } from './host-options.js';
import { withInterrupt } from './interrupt.js';
import { checkClinicIdArg, checkStateDir } from './preflight.js';

interface OffboardFlags extends HostFlags {
  yes?: boolean;
  json?: boolean;
  plain?: boolean;
}

/** `clinic-tui offboard <id>`: removes a clinic everywhere (host service and config, cloud resources). */
export function registerOffboard(program: Command): void {
  const command = program
    .command('offboard')
    .description(
      'remove a clinic: stop the agent, remove ngrok.yml (backup kept), delete its endpoints, authtokens, addresses, service user',
    )
    .argument('<clinic-id>', 'the clinic to remove')
    .option('-y, --yes', 'do not ask to type the clinic id (headless)')
    .addOption(
      new Option('--json', 'print one JSON event per line, then the summary object').conflicts('plain'),
    )
    .option('--plain', 'plain lines instead of the full-screen UI');
  addHostOptions(command)
    .addHelpText('after', '\nExit codes: 0 removed, 1 ngrok/SSH failure, 2 bad input, 130 interrupted.')
    .action(async (clinicId: string, flags: OffboardFlags) => {
      checkClinicIdArg(clinicId);
      if (!flags.yes && (flags.json || !isInteractive())) {
        throw new UserError(
          `Nobody can confirm deleting ${clinicId} here.`,
          'Pass --yes to offboard without the confirmation.',
        );
      }
      checkApiEnvironment();
      await checkHostFlags(flags);
      await checkStateDir();
      process.exitCode = await runOffboardCommand(clinicId, flags);
    });
}

/** Confirms, then removes the clinic from its host and the account; returns the exit code. */
async function runOffboardCommand(clinicId: string, flags: OffboardFlags): Promise<number> {
  const [
    { apiClientFromEnv },
    { choosePresenter },
    { sshHostOpener },
    { runOffboarding },
    hosts,
    cp,
    { flowExitCode },
  ] = await Promise.all([
    import('../ngrok/key.js'),
    import('../render/choose-presenter.js'),
    import('../host/ssh-clinic-host.js'),
    import('../../flows/offboard/run.js'),
    import('../store/host-extras.js'),
    import('../store/checkpoints.js'),
    import('./flow-exit.js'),
  ]);
  return withInterrupt(async (controller) => {
    const api = apiClientFromEnv(process.env, { signal: controller.signal });
    const presenter = await choosePresenter({
      json: Boolean(flags.json),
      plain: Boolean(flags.plain),
      yes: Boolean(flags.yes),
      title: 'clinic-tui offboard',
      clinic: clinicId,
      stage: 'offboard',
      onInterrupt: () => controller.abort(),
      resumeCommand: `clinic-tui offboard ${clinicId}`,
    });
    try {
      const identityFile = await hosts.rememberIdentity(clinicId, flags.identity);
      const { result } = await runOffboarding({
        clinicId,
        api,
        presenter,
        signal: controller.signal,
        checkpoints: cp.fileCheckpointStore(),
        ...(identityFile ? { identityFile } : {}),
        openHost: sshHostOpener({ prompter: presenter.hostPrompter, ...hostTrust(flags) }),
        confirm: async (plans) => {
          const review = { clinic: clinicId, stage: 'all' as const, steps: plans, policies: [] };
          if (!(await presenter.confirmPlan(review))) return false;
          if (flags.yes) return true;
          const typed = await presenter.asker.ask({
            kind: 'text',
            id: 'confirm-clinic-id',
            message: `Type ${clinicId} to delete it for good`,
            validate: (value) =>
              value === clinicId ? undefined : `type exactly ${clinicId}, or press Ctrl+C`,
          });
          return typed === clinicId;
        },
      });
      return flowExitCode(result);
    } finally {
      await presenter.close();
    }
  });
}
