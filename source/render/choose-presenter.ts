import type { FlowPresenter } from '../../flows/presenter.js';
import { createJsonPresenter } from './json-presenter.js';
import { createPlainPresenter } from './plain-presenter.js';
import { isInteractive, wantsPlain } from './terminal.js';

export interface PresenterChoice {
  json: boolean;
  plain: boolean;
  yes: boolean;
  /** Title and clinic for the Ink header. */
  title: string;
  clinic?: string;
  stage: string;
  /** Called on Ctrl+C inside the Ink UI (raw mode swallows SIGINT). */
  onInterrupt: () => void;
  resumeCommand: string;
}

/**
 * Picks how a flow is shown, once, at start: JSON lines with --json; plain lines without a TTY or with --yes
 * (nobody is reviewing); plain prompts with --plain or TERM=dumb; otherwise the Ink UI. UI modules are imported
 * lazily so headless runs never load React or @inquirer.
 */
export async function choosePresenter(choice: PresenterChoice): Promise<FlowPresenter> {
  if (choice.json) return createJsonPresenter({ yes: choice.yes });
  if (choice.yes || !isInteractive()) return createPlainPresenter({ yes: choice.yes });
  if (choice.plain || wantsPlain()) {
    const { createInteractivePlainPresenter } = await import('../ui/plain/plain-presenter.js');
    return createInteractivePlainPresenter();
  }
  const { createInkPresenter } = await import('../ui/render-flow.js');
  return createInkPresenter({
    title: choice.title,
    stage: choice.stage,
    onInterrupt: choice.onInterrupt,
    resumeCommand: choice.resumeCommand,
    ...(choice.clinic ? { clinic: choice.clinic } : {}),
  });
}
