import { type Command, Option } from 'commander';
import type { Stage } from '../../flows/onboard/context.js';
import type { FlowPresenter } from '../../flows/presenter.js';
import type { Asker } from '../../flows/step.js';
import { AbortedError, ExitCode, ExternalError, exitCodeFor, GoBack, UserError } from '../errors.js';
import { checkApiEnvironment, requireApiKey } from '../ngrok/api-env.js';
import type { NgrokClient } from '../ngrok/client.js';
import type { ClinicSpec } from '../spec/schema.js';
import type { InkPresenter } from '../ui/render-flow.js';
import { runCommand } from './command-run.js';
import { addHelpSections, apiEnvironment } from './help.js';
import { addHostOptions, checkHostFlags, checkSpecKeyFiles, type HostFlags } from './host-options.js';
import { flowFailure, type JsonFailureReport, withJsonFailure } from './json-failure.js';
import { canAsk, chooseOutputMode } from './output-mode.js';
import { checkStateDir } from './preflight.js';
import { checkSandboxEdge } from './stranger-probes.js';

interface OnboardFlags extends HostFlags {
  answers?: string;
  yes?: boolean;
  stage: Stage;
  json?: boolean;
  dryRun?: boolean;
  plain?: boolean;
  takeOverHost?: boolean;
  /** false with --no-probe. */
  probe?: boolean;
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
    .option('--no-probe', 'skip the stranger probes after verify (they need no secret and change nothing)')
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
    environment: [
      ...apiEnvironment,
      ['CLINIC_TUI_SANDBOX_EDGE', 'probe through the sandbox edge at this URL instead of the internet'],
    ],
    exitCodes: [
      [0, 'converged (or planned, with --dry-run)'],
      [1, 'the ngrok API, SSH or the host failed'],
      [2, 'bad input; nothing was changed'],
      [130, 'interrupted; run the same command again to resume'],
    ],
  }).action(
    withJsonFailure(flowFailure, async (report, flags: OnboardFlags) => {
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
      if (flags.probe !== false) checkSandboxEdge(process.env.CLINIC_TUI_SANDBOX_EDGE);
      // The wizard's and the screen's modules start loading now, while the checks below wait on the file system; a
      // failure to load is reported where they are awaited (a check failing first leaves them unawaited, and quiet).
      const wizardModules = flags.answers ? undefined : importWizard();
      wizardModules?.catch(() => {});
      import('./presenter.js')
        .then(({ preloadPresenter }) => preloadPresenter(chooseOutputMode(flags)))
        .catch(() => {});
      await checkHostFlags(flags);
      // A bad answers file fails here: before the screen starts, the state directory or the account is touched.
      const answers = flags.answers
        ? await (await import('../spec/load.js')).loadAnswersFile(flags.answers)
        : undefined;
      if (answers) report.clinic(answers.clinic.id);
      await checkStateDir();
      process.exitCode = await runOnboardCommand(flags, answers, wizardModules, report);
    }),
  );
}

/**
 * Asks for (or takes) the clinic, then runs the flow; returns the exit code. The first question is on screen before
 * the SSH and flow modules load: a technician starts reading while they do. The wizard's answers are saved as an
 * answers file before anything is applied, and every resume hint names it; Esc on the review goes back into the
 * wizard, which is why the run is a loop.
 */
async function runOnboardCommand(
  flags: OnboardFlags,
  answers: ClinicSpec | undefined,
  wizardModules: WizardModules | undefined,
  report: JsonFailureReport,
): Promise<number> {
  const { flowPresenterFor } = await import('./presenter.js');
  // The saved answers (and the YAML parser they bring) are needed once there is a clinic, not for the first question.
  const savedAnswers = () => import('./saved-answers.js');
  const mode = chooseOutputMode(flags);
  return runCommand<FlowPresenter, LazyClient>(
    {
      api: lazyClient,
      identity: flags.identity,
      keyAfterSuccess: 'remember',
      open: async (run) =>
        report.watch(
          await flowPresenterFor(mode, {
            title: 'clinic-tui onboard',
            stage: flags.stage,
            yes: Boolean(flags.yes),
            onInterrupt: run.abort,
            signal: run.signal,
            ...(flags.answers
              ? { resumeCommand: (await savedAnswers()).resumeCommandFor(flags.answers, flags.stage) }
              : {}),
          }),
        ),
    },
    async (run, presenter) => {
      const ink = 'reviewGoesBack' in presenter ? (presenter as InkPresenter) : undefined;
      const wizard = wizardModules && (await openWizard(await wizardModules, presenter.asker, run.api));
      if (wizard) {
        ink?.reviewGoesBack();
        // What the questions after the first need loads while the person reads it.
        void (ink?.questionShown ?? Promise.resolve()).then(() => preloadAfterFirstQuestion(run.api));
      }
      const locked = new Set<string>();
      for (;;) {
        const spec =
          answers ??
          (await wizard!.next().catch((error: unknown): never => {
            throw beforeApply(error);
          }));
        const { resumeCommandFor, saveAnswers } = await savedAnswers();
        const saved = answers ? undefined : await saveAnswers(spec);
        const resume = resumeCommandFor(flags.answers ?? saved!, flags.stage);
        ink?.setResumeCommand(resume);
        ink?.setHeader({ clinic: spec.clinic.id });
        try {
          // The office (cloud stage) may not have the key the technician uses on site.
          if (flags.stage !== 'cloud') await checkSpecKeyFiles(spec);
          if (!flags.dryRun && !locked.has(spec.clinic.id)) {
            await run.lock(spec.clinic.id);
            locked.add(spec.clinic.id);
          }
          const [{ onboardOnce }, api] = await Promise.all([import('./onboard-once.js'), run.api()]);
          return await onboardOnce({ ...flags, spec, run: { ...run, api }, presenter, resume, saved });
        } catch (error) {
          if (wizard && error instanceof GoBack) {
            wizard.back();
            continue;
          }
          // A step that fails is reported in the summary; what is thrown here came before anything applied.
          const stopped = beforeApply(error);
          throw saved ? withSavedAnswers(stopped, resume) : stopped;
        }
      }
    },
  );
}

/**
 * A stop or a failure before anything applied (a missing key file, a lock, the plan's API calls) names the saved
 * answers, so nothing typed is lost; a bug is left as it is.
 */
function withSavedAnswers(error: unknown, resume: string): unknown {
  const note = `Your answers are saved: ${resume}`;
  if (error instanceof AbortedError)
    return new AbortedError(error.shown ? note : `${error.message}\n${note}`);
  const hint = (error as { hint?: string }).hint;
  const withNote = hint ? `${hint}\n${note}` : note;
  if (error instanceof UserError) return new UserError(error.message, withNote);
  if (exitCodeFor(error) === ExitCode.external)
    return new ExternalError((error as Error).message, withNote, { cause: error });
  return error;
}

/** A stop before anything applied (a question, the plan, the review) says that nothing was changed. */
function beforeApply(error: unknown): unknown {
  if (!(error instanceof AbortedError) || /nothing was changed/i.test(error.message)) return error;
  return new AbortedError(`${error.message} Nothing was changed.`);
}

/** The API client, built when first used: the first question is on screen before it and zod load. */
type LazyClient = () => Promise<NgrokClient>;

/** A LazyClient for the run's signal; a missing key still fails at once, before any question is asked. */
function lazyClient(signal: AbortSignal, onRateLimitWait: (seconds: number) => void): LazyClient {
  requireApiKey(process.env);
  let client: Promise<NgrokClient> | undefined;
  return () => {
    client ??= import('../ngrok/key.js').then(({ apiClientFromEnv }) =>
      apiClientFromEnv(process.env, { signal, onRateLimitWait }),
    );
    return client;
  };
}

/**
 * Starts loading what the answer to the first question needs (the API client, the defaults and the checks of the
 * later questions) once that question is on screen, so the second one is not slower for it.
 */
function preloadAfterFirstQuestion(api: LazyClient): void {
  setImmediate(() => {
    void Promise.all([
      api(),
      import('./wizard-defaults.js'),
      import('./existing-clinic.js'),
      import('./saved-answers.js'),
      import('../../flows/questions/spec-checks.js').then(({ loadSpecChecks }) => loadSpecChecks()),
    ]).catch(() => {
      // Each of them is imported again where it is used, and fails there with its message.
    });
  });
}

type WizardModules = ReturnType<typeof importWizard>;

/** The wizard's modules: its questions and the guide's clinic they start from. */
function importWizard() {
  return Promise.all([
    import('../../flows/questions/onboarding.js'),
    import('../../flows/questions/presets.js'),
  ]);
}

/**
 * The wizard over the guide's clinic, its defaults from reality: the account, this technician's saved answers and
 * ~/.ssh/config, read once the first question is answered; every clinic id typed is looked up in the account. The
 * modules that read them load once the first question is drawn (preloadAfterFirstQuestion), not before it.
 */
async function openWizard(
  [{ clinicSpecWizard }, { guidePreset }]: Awaited<WizardModules>,
  asker: Asker,
  api: LazyClient,
) {
  return clinicSpecWizard(asker, await guidePreset(), {
    defaults: async () => (await import('./wizard-defaults.js')).gatherWizardDefaults({ api: await api() }),
    lookup: async (clinicId) =>
      (await import('./existing-clinic.js')).existingClinicLookup(await api())(clinicId),
  });
}
