import type { FlowPresenter } from '../../flows/presenter.js';
import type { OutputMode } from './output-mode.js';

export interface FlowView {
  /** Title and clinic for the Ink header. */
  title: string;
  clinic?: string;
  stage?: string;
  /** Labels everything SANDBOX (the demo). */
  sandbox?: boolean;
  /** --yes: go ahead without the review. */
  yes: boolean;
  /** Called on Ctrl+C inside the Ink UI (raw mode swallows SIGINT). */
  onInterrupt: () => void;
  /** The run's signal: a SIGINT from another process ends a question or the review as Ctrl+C does. */
  signal: AbortSignal;
  resumeCommand?: string;
}

/**
 * Starts importing the UI module of `mode` (Ink's, for the full-screen UI), so that its loading overlaps the checks
 * a command makes before it opens the presenter; flowPresenterFor then finds it loaded.
 */
export function preloadPresenter(mode: OutputMode): void {
  if (mode.kind === 'ink') {
    import('../ui/render-flow.js').catch(() => {
      // flowPresenterFor imports it again and reports the failure there.
    });
  }
}

/**
 * The presenter of a flow for the command's output mode: JSON lines, plain lines, plain prompts or the Ink UI.
 * UI modules are imported here, lazily, so a scripted run never loads React or @inquirer.
 */
export async function flowPresenterFor(mode: OutputMode, view: FlowView): Promise<FlowPresenter> {
  switch (mode.kind) {
    case 'json': {
      const [{ createJsonPresenter }, { headlessPrompter }] = await Promise.all([
        import('../ui/json-presenter.js'),
        import('../host/headless-prompter.js'),
      ]);
      return createJsonPresenter({ yes: view.yes, hostPrompter: headlessPrompter });
    }
    case 'lines': {
      const [{ createLinesPresenter }, { headlessPrompter }] = await Promise.all([
        import('../ui/lines-presenter.js'),
        import('../host/headless-prompter.js'),
      ]);
      return createLinesPresenter({ yes: view.yes, hostPrompter: headlessPrompter });
    }
    case 'plain': {
      const { createPromptPresenter } = await import('../ui/plain/prompt-presenter.js');
      return createPromptPresenter(view.signal);
    }
    case 'ink': {
      const { createInkPresenter } = await import('../ui/render-flow.js');
      return createInkPresenter({
        title: view.title,
        onInterrupt: view.onInterrupt,
        signal: view.signal,
        ...(view.clinic ? { clinic: view.clinic } : {}),
        ...(view.stage ? { stage: view.stage } : {}),
        ...(view.sandbox ? { sandbox: true } : {}),
        ...(view.resumeCommand ? { resumeCommand: view.resumeCommand } : {}),
      });
    }
  }
}
