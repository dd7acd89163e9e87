import type { Question } from '../step.js';
import type { WizardNode } from './engine.js';
import type { SpecDraft } from './presets.js';
import { prepareSpecChecks, specChecks } from './spec-checks.js';

type Next = WizardNode<SpecDraft> | null;

/** A free-text question for one spec field, validated by the spec schema at `path`. */
export function textField(options: {
  id: string;
  /** The question; a function when it depends on the draft (the protocol of the service being added). */
  message: string | ((draft: SpecDraft) => string);
  /** Where the field sits in the spec; a function when it depends on the draft (the service being added). */
  path: (draft: SpecDraft) => (string | number)[];
  get(draft: SpecDraft): string;
  set(draft: SpecDraft, value: string): SpecDraft;
  /** The node after this one, given the draft with this answer in it. */
  next: (draft: SpecDraft) => Next;
}): WizardNode<SpecDraft> {
  return {
    prepare: prepareSpecChecks,
    question: (draft) => ({
      kind: 'text',
      id: options.id,
      message: typeof options.message === 'string' ? options.message : options.message(draft),
      default: options.get(draft),
      validate: (value) => specChecks().fieldError(options.set(draft, value), options.path(draft)),
    }),
    answer: (draft, value) => {
      const updated = options.set(draft, String(value));
      return { draft: updated, next: options.next(updated) };
    },
  };
}

/** A question of any other kind whose answer is stored with `set`. */
export function field(options: {
  question(draft: SpecDraft): Question;
  set(draft: SpecDraft, value: string | number | boolean): SpecDraft;
  next: (draft: SpecDraft) => Next;
}): WizardNode<SpecDraft> {
  return {
    question: options.question,
    answer: (draft, value) => {
      const updated = options.set(draft, value);
      return { draft: updated, next: options.next(updated) };
    },
  };
}
