import { AbortedError, GoBack } from '../../source/errors.js';
import type { Asker, Question } from '../step.js';

/** One question of a wizard: what to ask given the answers so far, and where an answer leads. */
export interface WizardNode<Draft> {
  question(draft: Draft): Question;
  /** Returns the new draft (never mutates the old one, so going back restores it) and the next node. */
  answer(draft: Draft, value: string | number | boolean): { draft: Draft; next: WizardNode<Draft> | null };
}

type Answer = string | number | boolean;

/** The question with the person's earlier answer as its default, when they came back to it. */
function withEarlierAnswer(question: Question, earlier: Answer | undefined): Question {
  if (earlier === undefined || question.kind === 'secret') return question;
  if (question.kind === 'confirm') return { ...question, default: Boolean(earlier) };
  if (question.kind === 'number') return { ...question, default: Number(earlier) };
  return { ...question, default: String(earlier) };
}

/**
 * Asks questions until a node has no next, keeping a history so GoBack (Esc) returns to the previous question
 * with the draft as it was then and the earlier answer offered again. GoBack on the first question aborts.
 */
export async function runWizard<Draft>(asker: Asker, draft: Draft, first: WizardNode<Draft>): Promise<Draft> {
  const history: { draft: Draft; node: WizardNode<Draft>; answer: Answer }[] = [];
  let current: { draft: Draft; node: WizardNode<Draft> | null; earlier?: Answer } = { draft, node: first };
  while (current.node) {
    const node: WizardNode<Draft> = current.node;
    let value: Answer;
    try {
      value = await asker.ask(withEarlierAnswer(node.question(current.draft), current.earlier));
    } catch (error) {
      if (!(error instanceof GoBack)) throw error;
      const previous = history.pop();
      if (!previous) throw new AbortedError('Stopped at the first question; nothing was changed.');
      current = { draft: previous.draft, node: previous.node, earlier: previous.answer };
      continue;
    }
    history.push({ draft: current.draft, node, answer: value });
    const { draft: answered, next } = node.answer(current.draft, value);
    current = { draft: answered, node: next };
  }
  return current.draft;
}
