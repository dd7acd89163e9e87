import { type Instance, render } from 'ink';
import type { FlowPresenter, FlowSummary, PlanReview } from '../../flows/presenter.js';
import type { WizardQuestion } from '../../flows/questions/engine.js';
import { AbortedError, GoBack } from '../errors.js';
import type { HostPrompter } from '../host/prompts.js';
import { FlowApp } from './components/FlowApp.js';
import type * as LaterScreens from './components/later-screens.js';
import { endInk } from './end-ink.js';
import { applyFlowEvent, applyStarted, type FlowViewState, initialFlowState } from './flow-state.js';
import { Store } from './flow-store.js';
import { ColorContext, colorsEnabled } from './theme.js';

export interface InkPresenterOptions {
  title?: string;
  clinic?: string;
  stage?: string;
  /** Shows the SANDBOX label: nothing real is touched. */
  sandbox?: boolean;
  /** Called on Ctrl+C, e.g. to abort the flow's AbortController. */
  onInterrupt?: () => void;
  /**
   * The run's signal: a SIGINT from another process (the screen's raw mode turns a typed Ctrl+C into a key, which
   * calls onInterrupt) stops the screen as Ctrl+C does.
   */
  signal?: AbortSignal;
  /** The command that resumes after Ctrl+C, shown in the message. */
  resumeCommand?: string;
  /** Terminal streams; tests pass a fake terminal, the CLI the process's own. */
  streams?: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream };
  env?: NodeJS.ProcessEnv;
  /** Write whole frames (static part included) on every render; for tests, and immune to CI detection. */
  debug?: boolean;
}

/** The Ink presenter, plus header updates (the wizard learns the clinic id). */
export interface InkPresenter extends FlowPresenter {
  setHeader(header: Partial<FlowViewState['header']>): void;
  /** The command that resumes this run, once it is known (the wizard's answers file is saved). */
  setResumeCommand(command: string): void;
  /** From now on Esc on the review rejects confirmPlan with GoBack: the plan came from questions on this screen. */
  reviewGoesBack(): void;
  /**
   * Resolves just after the first question is drawn: what the questions after it need loads from then on, while
   * the person reads, without holding the first one back.
   */
  questionShown: Promise<void>;
}

/** Renders a flow with Ink: one tree for the whole run, behind the FlowPresenter promises. TTY only. */
export function createInkPresenter(options: InkPresenterOptions = {}): InkPresenter {
  const streams = options.streams ?? { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr };
  const store = new Store(
    initialFlowState({
      title: options.title ?? 'clinic-tui',
      clinic: options.clinic,
      stage: options.stage,
      sandbox: options.sandbox ?? false,
    }),
  );
  let seq = 0;
  let rejectPending: ((error: Error) => void) | undefined;
  let closed: Promise<void> | undefined;
  let resumeCommand = options.resumeCommand;
  let reviewBack = false;

  // Before the first step applies (the questions, the plan, the review) nothing has changed, and it says so.
  const interrupt = () => {
    if (store.get().interrupted) return;
    const applying = applyStarted(store.get());
    const resume = applying && resumeCommand ? `\nTo resume, run: ${resumeCommand}` : '';
    const outcome = applying
      ? 'Finished steps are kept; a rerun plans from what exists.'
      : 'Nothing was changed.';
    store.update((s) => ({ ...s, prompt: undefined, interrupted: `Stopped by Ctrl+C. ${outcome}${resume}` }));
    rejectPending?.(
      applying
        ? new AbortedError(`Stopped by Ctrl+C.${resume}`)
        : new AbortedError('Stopped by Ctrl+C. Nothing was changed.', { shown: true }),
    );
    options.onInterrupt?.();
  };
  // Aborted already (a SIGINT while the screen's modules loaded), the first question is refused at once.
  if (options.signal?.aborted) interrupt();
  else options.signal?.addEventListener('abort', interrupt, { once: true });

  // The review, steps and summary (and the YAML printer and spinners they bring) load once the first question is
  // drawn, or as soon as a flow needs them; the screen is drawn again with them.
  let screens: typeof LaterScreens | undefined;
  let loadingScreens: Promise<void> | undefined;
  let ended = false;
  const app = () => (
    <ColorContext.Provider value={colorsEnabled(options.env)}>
      <FlowApp
        store={store}
        animate={Boolean(streams.stdout.isTTY)}
        onInterrupt={interrupt}
        onToggleHelp={() => store.update((s) => ({ ...s, showHelp: !s.showHelp }))}
        screens={screens}
      />
    </ColorContext.Provider>
  );
  const loadScreens = () => {
    loadingScreens ??= import('./components/later-screens.js').then((loaded) => {
      screens = loaded;
      if (!ended) instance?.rerender(app());
    });
    return loadingScreens;
  };
  // Started ahead of need: a failure to load is reported by what awaits the screens (the review, the summary).
  const preloadScreens = () => {
    loadScreens().catch(() => {});
  };
  let questionDrawn = () => {};
  const questionShown = new Promise<void>((resolve) => {
    questionDrawn = resolve;
  });
  // Ink calls onRender just before it writes the frame: what loads after it starts once the frame is out.
  void questionShown.then(() => setImmediate(preloadScreens));

  // Mounted on the next turn of the event loop, not now: the command asks its first question in between, and that
  // question is then the first frame (Ink draws at most one frame per 33 ms, so a blank frame first would hold the
  // question back).
  let instance: Instance | undefined;
  const mount = () => {
    instance ??= render(app(), {
      ...streams,
      exitOnCtrlC: false,
      patchConsole: false,
      debug: options.debug ?? false,
      onRender: () => {
        if (store.get().prompt?.kind === 'question') questionDrawn();
      },
    });
    return instance;
  };
  const mounting = setImmediate(mount);

  /** Shows a question and resolves with the answer; Esc rejects with GoBack, Ctrl+C with AbortedError. */
  const ask = (question: WizardQuestion) =>
    new Promise<string | number | boolean>((resolve, reject) => {
      if (store.get().interrupted) return reject(new AbortedError('Stopped by Ctrl+C.'));
      const settle = () => {
        rejectPending = undefined;
        store.update((s) => ({ ...s, prompt: undefined, showHelp: false }));
      };
      rejectPending = reject;
      seq += 1;
      store.update((s) => ({
        ...s,
        prompt: {
          kind: 'question',
          seq,
          question,
          answer: (value) => {
            settle();
            resolve(value);
          },
          back: () => {
            settle();
            reject(new GoBack());
          },
        },
      }));
    });

  /** A host prompt: Esc on a yes/no means no; Esc on a secret stops, since nothing can go on without it. */
  const askHost = async (question: WizardQuestion): Promise<string | number | boolean> => {
    try {
      return await ask(question);
    } catch (error) {
      if (!(error instanceof GoBack)) throw error;
      if (question.kind === 'confirm') return false;
      throw new AbortedError('Stopped at the host prompt; nothing on the host was changed.');
    }
  };

  const hostPrompter: HostPrompter = {
    async confirmHostKey(info) {
      const message = `Unknown host key for ${info.host}: ${info.keyType} ${info.fingerprint}. Trust it? (Compare with \`ssh-keygen -lf\` on the host.)`;
      return Boolean(await askHost({ kind: 'confirm', id: 'host.key', message, default: false }));
    },
    async passphrase(keyPath) {
      return String(
        await askHost({ kind: 'secret', id: 'host.passphrase', message: `Passphrase for ${keyPath}` }),
      );
    },
    async password(userAtHost) {
      return String(
        await askHost({ kind: 'secret', id: 'host.password', message: `SSH password for ${userAtHost}` }),
      );
    },
    async sudoPassword(userAtHost) {
      return String(
        await askHost({ kind: 'secret', id: 'host.sudo', message: `sudo password for ${userAtHost}` }),
      );
    },
  };

  const close = () => {
    closed ??= (async () => {
      options.signal?.removeEventListener('abort', interrupt);
      // Screens still loading (a run that failed at once) are drawn before the last frame, with the steps.
      await loadingScreens?.catch(() => {});
      ended = true;
      // Let the last state reach the screen before Ink writes its final frame and lets go of stdin.
      await new Promise((resolve) => setImmediate(resolve));
      clearImmediate(mounting);
      await endInk(mount(), streams.stdout);
    })();
    return closed;
  };

  return {
    listener: (event) => {
      preloadScreens();
      store.update((s) => applyFlowEvent(s, event));
    },
    asker: { ask },
    hostPrompter,
    confirmPlan: async (review: PlanReview) => {
      await loadScreens();
      return new Promise<boolean>((resolve, reject) => {
        if (store.get().interrupted) return reject(new AbortedError('Stopped by Ctrl+C.'));
        rejectPending = reject;
        const settle = () => {
          rejectPending = undefined;
          store.update((state) => ({ ...state, prompt: undefined, showHelp: false }));
        };
        store.update((s) => ({
          ...s,
          prompt: {
            kind: 'review',
            review,
            decide: (goAhead) => {
              settle();
              resolve(goAhead);
            },
            ...(reviewBack
              ? {
                  back: () => {
                    settle();
                    reject(new GoBack());
                  },
                }
              : {}),
          },
        }));
      });
    },
    async finish(summary: FlowSummary) {
      await loadScreens();
      store.update((s) => ({ ...s, prompt: undefined, summary }));
      await close();
    },
    setHeader: (header) => store.update((s) => ({ ...s, header: { ...s.header, ...header } })),
    setResumeCommand: (command) => {
      resumeCommand = command;
    },
    reviewGoesBack: () => {
      reviewBack = true;
    },
    questionShown,
    close,
  };
}
