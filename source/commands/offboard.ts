import { type Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { checkApiEnvironment } from '../ngrok/api-env.js';
import type { NgrokClient } from '../ngrok/client.js';
import { runCommand } from './command-run.js';
import { addHelpSections, apiEnvironment } from './help.js';
import { addHostOptions, checkHostFlags, type HostFlags, hostTrust } from './host-options.js';
import { flowFailure, type JsonFailureReport, withJsonFailure } from './json-failure.js';
import { canAsk, chooseOutputMode } from './output-mode.js';
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
  addHelpSections(addHostOptions(command), {
    examples: [
      ['clinic-tui offboard clinic1', 'shows what goes, then asks you to type the clinic id'],
      ['clinic-tui offboard clinic1 --yes --json', 'headless'],
    ],
    environment: apiEnvironment,
    exitCodes: [
      [0, 'removed'],
      [1, 'the ngrok API, SSH or the host failed'],
      [2, 'bad input; nothing was changed'],
      [130, 'interrupted; run the same command again to finish'],
    ],
  }).action(
    withJsonFailure(flowFailure, async (report, clinicId: string, flags: OffboardFlags) => {
      checkClinicIdArg(clinicId);
      report.clinic(clinicId);
      if (!flags.yes && !canAsk(chooseOutputMode(flags))) {
        throw new UserError(
          `Nobody can confirm deleting ${clinicId} here.`,
          'Pass --yes to offboard without the confirmation.',
        );
      }
      checkApiEnvironment();
      await checkHostFlags(flags);
      await checkStateDir();
      process.exitCode = await runOffboardCommand(clinicId, flags, report);
    }),
  );
}

/** Confirms, then removes the clinic from its host and the account; returns the exit code. */
async function runOffboardCommand(
  clinicId: string,
  flags: OffboardFlags,
  report: JsonFailureReport,
): Promise<number> {
  const [
    { apiClientFromEnv },
    { flowPresenterFor },
    { sshHostOpener, openingRecordedHosts },
    { runOffboarding },
    cp,
    { flowExitCode },
  ] = await Promise.all([
    import('../ngrok/key.js'),
    import('./presenter.js'),
    import('../host/ssh-clinic-host.js'),
    import('../../flows/offboard/run.js'),
    import('../store/checkpoints.js'),
    import('./flow-exit.js'),
  ]);
  return runCommand(
    {
      api: (signal, onRateLimitWait) => apiClientFromEnv(process.env, { signal, onRateLimitWait }),
      identity: flags.identity,
      keyAfterSuccess: 'forget',
      open: async (run) =>
        report.watch(
          await flowPresenterFor(chooseOutputMode(flags), {
            title: 'clinic-tui offboard',
            clinic: clinicId,
            stage: 'offboard',
            yes: Boolean(flags.yes),
            onInterrupt: run.abort,
            signal: run.signal,
            resumeCommand: `clinic-tui offboard ${clinicId}`,
          }),
        ),
    },
    async (run, presenter) => {
      await run.lock(clinicId);
      await checkClinicExists(run.api, clinicId);
      const identityFile = await run.identityFor(clinicId);
      const { result } = await runOffboarding({
        clinicId,
        api: run.api,
        presenter,
        signal: run.signal,
        checkpoints: cp.fileCheckpointStore(),
        ...(identityFile ? { identityFile } : {}),
        // Offboarding finds the clinic's hosts only in its record in the account.
        openHost: openingRecordedHosts(
          sshHostOpener({ prompter: presenter.hostPrompter, ...hostTrust(flags) }),
        ),
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
      return { exitCode: flowExitCode(result), succeeded: result.ok, clinic: clinicId };
    },
  );
}

/**
 * An id that names nothing in the account is a typo, not a clinic already gone: exit 2, as rotate does. A clinic
 * whose offboarding stopped half-way still has something tagged (a service user, an endpoint, an address).
 */
async function checkClinicExists(api: NgrokClient, clinicId: string): Promise<void> {
  const [{ AccountView }, { hasTag }] = await Promise.all([
    import('../../flows/onboard/account.js'),
    import('../ngrok/tags.js'),
  ]);
  const account = new AccountView(api, clinicId);
  const [user, credentials, addrs, endpoints] = await Promise.all([
    account.serviceUser(),
    account.credentials(),
    account.reservedAddrs(),
    account.cloudEndpoints(),
  ]);
  const ours = endpoints.some((endpoint) =>
    hasTag(endpoint.metadata, { clinic: clinicId, role: 'cloud-endpoint' }),
  );
  if (user || credentials.length > 0 || addrs.length > 0 || ours) return;
  throw new UserError(
    `The ngrok account has no clinic "${clinicId}".`,
    'Check the id with `clinic-tui fleet --once`; nothing was changed.',
  );
}
