import { confirm, input, number, password, select } from '@inquirer/prompts';
import type { WizardQuestion } from '../../../flows/questions/engine.js';
import type { Asker } from '../../../flows/step.js';
import { AbortedError } from '../../errors.js';

/**
 * Runs one inquirer prompt; its Ctrl+C (ExitPromptError), or the run's signal aborted by a SIGINT from another
 * process (AbortPromptError), becomes our AbortedError (exit 130).
 */
export async function prompting<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError'))
      throw new AbortedError('Stopped by Ctrl+C.');
    throw error;
  }
}

/**
 * The prompt's message: where the question stands ("question 3 of 15 · ", as the Ink header says it) and, on the
 * line above, its notice.
 */
export function plainMessage(question: WizardQuestion): string {
  const position = question.position ? `question ${question.position.at} of ${question.position.of} · ` : '';
  return `${question.notice ? `${question.notice}\n` : ''}${position}${question.message}`;
}

/**
 * Asks one Question with @inquirer/prompts: the same questions as the Ink wizard, as plain terminal prompts; an
 * aborted `signal` ends the prompt.
 */
export function askPlain(asked: WizardQuestion, signal?: AbortSignal): Promise<string | number | boolean> {
  const question = { ...asked, message: plainMessage(asked) };
  const context = signal ? { signal } : {};
  switch (question.kind) {
    case 'text':
      return prompting(() =>
        input(
          {
            message: question.message,
            default: question.default,
            validate: (value) => question.validate?.(value) ?? true,
          },
          context,
        ),
      );
    case 'number':
      return prompting(async () => {
        const value = await number(
          {
            message: question.message,
            default: question.default,
            min: question.min,
            max: question.max,
            required: true,
          },
          context,
        );
        return value ?? question.default ?? 0;
      });
    case 'confirm':
      return prompting(() => confirm({ message: question.message, default: question.default }, context));
    case 'secret':
      return prompting(() => password({ message: question.message, mask: '•' }, context));
    case 'select':
      return prompting(() =>
        select(
          {
            message: question.message,
            default: question.default,
            choices: question.choices.map((choice) => ({
              value: choice.value,
              name: choice.label,
              ...(choice.hint ? { description: choice.hint } : {}),
            })),
          },
          context,
        ),
      );
  }
}

/** The Asker for --plain and TERM=dumb. There is no "back" in plain prompts; Ctrl+C (or `signal`) stops. */
export function plainAsker(signal?: AbortSignal): Asker {
  return { ask: (question) => askPlain(question, signal) };
}
