import { AbortedError, GoBack } from '../../source/errors.js';
import type { Asker, Question } from '../step.js';

/** What a question's answer can be. */
export type Answer = string | number | boolean;

/** Where an answer leads: the new draft and the next node, or back to the question before this one. */
export interface WizardTransition<Draft> {
  draft: Draft;
  next: WizardNode<Draft> | null;
  /** Return to the question answered before this one, its answer offered again (a "No, let me change it"). */
  back?: boolean;
}

/** One question of a wizard: what to ask given the answers so far, and where an answer leads. */
export interface WizardNode<Draft> {
  question(draft: Draft): WizardQuestion;
  /** Returns the new draft (never mutates the old one, so going back restores it) and the next node. */
  answer(draft: Draft, value: Answer): WizardTransition<Draft>;
  /** Work the answer waits for before it is taken (an account lookup); `answer` may then read its result. */
  settle?(draft: Draft, value: Answer): Promise<void>;
  /**
   * Loads what the question needs before it is asked (the checks its answer is validated with), so the questions
   * before it are on screen without them.
   */
  prepare?(): Promise<void>;
  /** The answer the count of questions walks along when Enter here would lead back instead of on. */
  onward?: Answer;
}

/**
 * A question as the wizard asks it: with where it stands among the questions (the header shows "question 3 of
 * 14"), and a notice to read before it (what the account already holds).
 */
export type WizardQuestion = Question & { position?: { at: number; of: number }; notice?: string };

/** Past this many questions a walk along the defaults is taken to loop, and no total is shown. */
const longestWalk = 100;

/** The question with the person's earlier answer as its default, when they came back to it. */
function withEarlierAnswer(question: WizardQuestion, earlier: Answer | undefined): WizardQuestion {
  if (earlier === undefined || question.kind === 'secret') return question;
  if (question.kind === 'confirm') return { ...question, default: Boolean(earlier) };
  if (question.kind === 'number') return { ...question, default: Number(earlier) };
  return { ...question, default: String(earlier) };
}

/** The answer Enter gives to a question: its default, or the first choice. */
function defaultAnswer(question: Question): Answer | undefined {
  switch (question.kind) {
    case 'secret':
      return undefined;
    case 'select':
      return question.default ?? question.choices[0]?.value;
    case 'confirm':
      return question.default ?? false;
    case 'number':
      return question.default ?? 0;
    default:
      return question.default ?? '';
  }
}

/** How many questions are left from `node` (itself included) when every later one is answered with Enter. */
export function questionsLeft<Draft>(draft: Draft, node: WizardNode<Draft>): number | undefined {
  let count = 0;
  let current: WizardTransition<Draft> = { draft, next: node };
  while (current.next) {
    count += 1;
    const value = current.next.onward ?? defaultAnswer(current.next.question(current.draft));
    if (value === undefined || count > longestWalk) return undefined;
    current = current.next.answer(current.draft, value);
    if (current.back) return undefined;
  }
  return count;
}

/**
 * Asks questions until a node has no next, keeping a history so GoBack (Esc) returns to the previous question
 * with the draft as it was then and the earlier answer offered again. GoBack on the first question aborts. After
 * the last question, `back()` reopens it, so a screen after the wizard (the review) can go back into it.
 */
export class WizardSession<Draft> {
  private readonly history: { draft: Draft; node: WizardNode<Draft>; answer: Answer }[] = [];
  private current: { draft: Draft; node: WizardNode<Draft> | null; earlier?: Answer };

  constructor(
    private readonly asker: Asker,
    draft: Draft,
    first: WizardNode<Draft>,
  ) {
    this.current = { draft, node: first };
  }

  /** Asks from where the session stands until the last question is answered; returns the draft. */
  async run(): Promise<Draft> {
    while (this.current.node) {
      const node: WizardNode<Draft> = this.current.node;
      const left = questionsLeft(this.current.draft, node);
      const asked: WizardQuestion = withEarlierAnswer(
        node.question(this.current.draft),
        this.current.earlier,
      );
      const at = this.history.length + 1;
      if (left !== undefined) asked.position = { at, of: at + left - 1 };
      await node.prepare?.();
      let value: Answer;
      try {
        value = await this.asker.ask(asked);
      } catch (error) {
        if (!(error instanceof GoBack)) throw error;
        this.back();
        continue;
      }
      await node.settle?.(this.current.draft, value);
      const { draft: answered, next, back } = node.answer(this.current.draft, value);
      if (back) {
        this.back();
        continue;
      }
      this.history.push({ draft: this.current.draft, node, answer: value });
      this.current = { draft: answered, node: next };
    }
    return this.current.draft;
  }

  /** Steps back to the question answered last, its answer offered again; before the first one, stops. */
  back(): void {
    const previous = this.history.pop();
    if (!previous) throw new AbortedError('Stopped at the first question; nothing was changed.');
    this.current = { draft: previous.draft, node: previous.node, earlier: previous.answer };
  }
}
