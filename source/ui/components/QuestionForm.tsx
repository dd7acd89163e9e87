import { Box } from 'ink';
import type { WizardQuestion } from '../../../flows/questions/engine.js';
import { Tint } from '../theme.js';
import { ConfirmQuestion } from './ConfirmQuestion.js';
import { SelectQuestion } from './SelectQuestion.js';
import { TextQuestion } from './TextQuestion.js';

interface Props {
  question: WizardQuestion;
  onAnswer(value: string | number | boolean): void;
  onBack(): void;
  onToggleHelp(): void;
}

/**
 * The form for one question, by kind, below its notice when it has one (what the account already holds). Keyed
 * by question id so each question starts fresh.
 */
export function QuestionForm({ question, ...handlers }: Props) {
  const form = formFor(question, handlers);
  if (!question.notice) return form;
  return (
    <Box flexDirection="column">
      <Tint color="yellow">{question.notice}</Tint>
      {form}
    </Box>
  );
}

function formFor(question: WizardQuestion, handlers: Omit<Props, 'question'>) {
  switch (question.kind) {
    case 'select':
      return <SelectQuestion key={question.id} question={question} {...handlers} />;
    case 'confirm':
      return <ConfirmQuestion key={question.id} question={question} {...handlers} />;
    default:
      return <TextQuestion key={question.id} question={question} {...handlers} />;
  }
}
