import { runOnboarding } from '../../../flows/onboard/run.js';
import type { FlowPresenter } from '../../../flows/presenter.js';
import { askClinicSpec } from '../../../flows/questions/onboarding.js';
import { AbortedError, ExitCode, exitCodeFor, formatError, UserError } from '../../errors.js';
import { sshHostOpener } from '../../host/ssh-clinic-host.js';
import { NgrokClient } from '../../ngrok/client.js';
import { wantsPlain } from '../../render/terminal.js';
import { validateSpec } from '../../spec/load.js';
import type { ClinicSpec } from '../../spec/schema.js';
import type { InkPresenter } from '../render-flow.js';
import { type DemoSandbox, demoPrefill, startDemoSandbox } from './sandbox.js';

export interface DemoFlags {
  yes?: boolean;
  plain?: boolean;
}

/** The presenter for this run: plain lines with --yes, plain prompts with --plain or TERM=dumb, else Ink. */
async function demoPresenter(flags: DemoFlags, onInterrupt: () => void): Promise<FlowPresenter> {
  if (flags.yes) {
    const { createPlainPresenter } = await import('../../render/plain-presenter.js');
    return createPlainPresenter({ yes: true });
  }
  if (flags.plain || wantsPlain()) {
    const { createInteractivePlainPresenter } = await import('../plain/plain-presenter.js');
    return createInteractivePlainPresenter();
  }
  const { createInkPresenter } = await import('../render-flow.js');
  return createInkPresenter({ title: 'clinic-tui demo', sandbox: true, onInterrupt });
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
 * clinic host, then (on a terminal) opens the fleet view with the sandbox's other clinics. Returns the exit code.
 */
export async function runDemo(flags: DemoFlags): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!flags.yes && !interactive) {
    throw new UserError(
      'The demo asks questions, and there is no terminal here.',
      'Run `clinic-tui demo --yes`.',
    );
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  const sandbox = await startDemoSandbox();
  // Audit log, fleet memory and checkpoints go to the demo's throwaway directory, never the real one.
  const previousHome = process.env.CLINIC_TUI_HOME;
  process.env.CLINIC_TUI_HOME = sandbox.stateDir;
  try {
    if (flags.yes)
      process.stderr.write(
        `SANDBOX: ngrok API emulator at ${sandbox.emulator.url}, clinic host 127.0.0.1:${sandbox.host.port}\n`,
      );
    const presenter = await demoPresenter(flags, () => controller.abort());
    const api = new NgrokClient({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.emulator.url,
      signal: controller.signal,
    });
    let spec: ClinicSpec;
    try {
      spec = await demoSpec(sandbox, presenter, Boolean(flags.yes));
    } catch (error) {
      await presenter.close();
      throw error;
    }
    if ('setHeader' in presenter) (presenter as InkPresenter).setHeader({ clinic: spec.clinic.id });
    const { summary, result } = await runOnboarding({
      spec,
      stage: 'all',
      dryRun: false,
      api,
      openHost: sshHostOpener({
        prompter: presenter.hostPrompter,
        knownHostsPath: sandbox.knownHostsPath,
        identityFile: sandbox.host.clientKeyPath,
      }),
      presenter,
      signal: controller.signal,
      verifyTimeoutMs: 60_000,
      pollMs: 250,
    });
    if (result.aborted)
      throw new AbortedError('Stopped by Ctrl+C. The sandbox is thrown away; nothing real was touched.');
    if (result.failure && exitCodeFor(result.failure.error) === ExitCode.bug) {
      process.stderr.write(`${formatError(result.failure.error)}\n`);
    }
    if (summary.result !== 'converged') return ExitCode.external;
    if (!flags.yes && interactive) {
      const { waitForEnter } = await import('../wait-for-enter.js');
      await waitForEnter('Press Enter to watch the sandbox fleet (q there quits the demo).');
      await openFleet(sandbox);
    }
    return ExitCode.ok;
  } finally {
    process.off('SIGINT', onSigint);
    if (previousHome === undefined) delete process.env.CLINIC_TUI_HOME;
    else process.env.CLINIC_TUI_HOME = previousHome;
    await sandbox.close();
  }
}

/** The fleet view over the sandbox account: the onboarded clinic plus the seeded ones. */
async function openFleet(sandbox: DemoSandbox): Promise<void> {
  const [{ createFleetClient }, { renderFleet }] = await Promise.all([
    import('../../fleet/budget.js'),
    import('../fleet/render-fleet.js'),
  ]);
  const { client, budget } = createFleetClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.emulator.url });
  await renderFleet({ api: client, budget, sandbox: true });
}
