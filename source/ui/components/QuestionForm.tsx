import type { Question } from '../../../flows/step.js';
import { ConfirmQuestion } from './ConfirmQuestion.js';
import { SelectQuestion } from './SelectQuestion.js';
import { TextQuestion } from './TextQuestion.js';

interface Props {
  question: Question;
  onAnswer(value: string | number | boolean): void;
  onBack(): void;
  onToggleHelp(): void;
}

/** The form for one question, by kind. Keyed by question id so each question starts fresh. */
export function QuestionForm({ question, ...handlers }: Props) {
  switch (question.kind) {
    case 'select':
      return <SelectQuestion key={question.id} question={question} {...handlers} />;
    case 'confirm':
      return <ConfirmQuestion key={question.id} question={question} {...handlers} />;
    default:
      return <TextQuestion key={question.id} question={question} {...handlers} />;
  }
}
