import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { runOnboarding } from '../../flows/onboard/run.js';
import type { FlowPresenter } from '../../flows/presenter.js';
import { askClinicSpec } from '../../flows/questions/onboarding.js';
import { AbortedError, ExitCode, exitCodeFor, formatError, UserError } from '../errors.js';
import { sshHostOpener } from '../host/ssh-clinic-host.js';
import { NgrokClient } from '../ngrok/client.js';
import { sandboxDialer } from '../probe/dialers.js';
import { validateSpec } from '../spec/load.js';
import type { ClinicSpec } from '../spec/schema.js';
import { appendAudit, auditLogPath } from '../store/audit-log.js';
import { probeResultsPath } from '../store/probe-results.js';
import type { InkPresenter } from '../ui/render-flow.js';
import { runCommand } from './command-run.js';
import { demoCurlLine } from './demo-curl.js';
import { type DemoSandbox, demoPrefill, startDemoSandbox } from './demo-sandbox.js';
import { canAsk, chooseOutputMode } from './output-mode.js';
import { flowPresenterFor } from './presenter.js';
import type { RotationPlace } from './rotate-run.js';
import { strangerProbes } from './stranger-probes.js';

export interface DemoFlags {
  yes?: boolean;
  plain?: boolean;
}

async function demoSpec(sandbox: DemoSandbox, presenter: FlowPresenter, yes: boolean): Promise<ClinicSpec> {
  const prefill = await demoPrefill(sandbox);
  if (!yes) return askClinicSpec(presenter.asker, prefill);
  const result = validateSpec(prefill);
  if ('spec' in result) return result.spec;
  throw new Error(`the demo's prefilled clinic is invalid: ${JSON.stringify(result.issues)}`);
}

/**
 * `clinic-tui demo`: onboards the guide's clinic for real against an in-process ngrok API emulator and sandbox
 * clinic host, then (on a terminal) opens the fleet view with the sandbox's other clinics. The audit log and fleet
 * memory go to the sandbox's throwaway directory, never the real state directory. Returns the exit code.
 */
export async function runDemo(flags: DemoFlags): Promise<number> {
  const mode = chooseOutputMode(flags);
  if (!flags.yes && !canAsk(mode)) {
    throw new UserError(
      'The demo asks questions, and there is no terminal here.',
      'Run `clinic-tui demo --yes`.',
    );
  }
  const sandbox = await startDemoSandbox();
  // Closing the terminal (SIGHUP) or a kill (SIGTERM) must not leave a simulated agent running or the sandbox's
  // folder behind: close the sandbox, then leave with the signal's exit code.
  const onSignal = (signal: NodeJS.Signals) => {
    void sandbox.close().finally(() => process.exit(128 + osConstants.signals[signal]));
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.once(signal, onSignal);
  try {
    // The Ink screens carry the SANDBOX label in their header; plain lines and prompts say it first.
    if (mode.kind !== 'ink')
      process.stderr.write(
        `SANDBOX: ngrok API emulator at ${sandbox.emulator.url}, clinic host 127.0.0.1:${sandbox.host.port}\n`,
      );
    return await runCommand(
      {
        api: (signal, onRateLimitWait) =>
          new NgrokClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.emulator.url, signal, onRateLimitWait }),
        open: (run) =>
          flowPresenterFor(mode, {
            title: 'clinic-tui demo',
            sandbox: true,
            yes: true,
            onInterrupt: run.abort,
            signal: run.signal,
          }),
      },
      async (run, presenter) => {
        const spec = await demoSpec(sandbox, presenter, Boolean(flags.yes));
        if ('setHeader' in presenter) (presenter as InkPresenter).setHeader({ clinic: spec.clinic.id });
        const { summary, result } = await runOnboarding({
          spec,
          stage: 'all',
          dryRun: false,
          api: run.api,
          openHost: sshHostOpener({
            prompter: presenter.hostPrompter,
            knownHostsPath: sandbox.knownHostsPath,
            identityFile: sandbox.host.clientKeyPath,
          }),
          presenter,
          signal: run.signal,
          audit: (entries) => appendAudit(entries, auditLogPath(sandbox.stateDir)),
          verifyTimeoutMs: 60_000,
          pollMs: 250,
          probes: await strangerProbes(sandboxDialer(sandbox.emulator.url), sandbox.stateDir),
        });
        if (result.aborted)
          throw new AbortedError('Stopped by Ctrl+C. The sandbox is thrown away; nothing real was touched.');
        if (result.failure && exitCodeFor(result.failure.error) === ExitCode.bug) {
          process.stderr.write(`${formatError(result.failure.error)}\n`);
        }
        const converged = summary.result === 'converged';
        const curl = converged ? await demoCurlLine(sandbox, spec) : undefined;
        if (curl)
          process.stderr.write(
            `Reach the sandbox clinic's REST API as an authorised caller (while the demo runs):\n  ${curl}\n`,
          );
        return { exitCode: converged ? ExitCode.ok : ExitCode.external, succeeded: converged };
      },
    ).then(async (exitCode) => {
      if (exitCode === ExitCode.ok && !flags.yes && mode.kind === 'ink') await openFleet(sandbox);
      return exitCode;
    });
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    await sandbox.close();
  }
}

/** The fleet view over the sandbox account: the onboarded clinic plus the seeded ones. */
async function openFleet(sandbox: DemoSandbox): Promise<void> {
  const [{ createFleetClient }, { waitForEnter }, { watchFleet }] = await Promise.all([
    import('../fleet/budget.js'),
    import('../ui/wait-for-enter.js'),
    import('./fleet-run.js'),
  ]);
  await waitForEnter('Press Enter to watch the sandbox fleet (q there quits the demo).');
  const { client, budget } = createFleetClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.emulator.url });
  // `R` rotates the selected clinic for real, in the sandbox: its API, its host, its state directory.
  const place: RotationPlace = {
    api: (signal, onRateLimitWait) =>
      new NgrokClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.emulator.url, signal, onRateLimitWait }),
    hosts: { knownHostsPath: sandbox.knownHostsPath, identityFile: sandbox.host.clientKeyPath },
    stateDir: sandbox.stateDir,
    sandbox: true,
  };
  await watchFleet({
    api: client,
    budget,
    sandbox: true,
    memoryPath: join(sandbox.stateDir, 'fleet-memory.json'),
    // The demo's probe results live in its throwaway folder, so nothing real is touched.
    probesPath: probeResultsPath(sandbox.stateDir),
    auditPath: auditLogPath(sandbox.stateDir),
    onRotate: async (clinicId) => (await import('./rotate-run.js')).rotateFromFleet(clinicId, place),
  });
}
