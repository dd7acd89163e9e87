import { Box, Text } from 'ink';
import { useState } from 'react';
import type { Question } from '../../../flows/step.js';
import { marks, Tint } from '../theme.js';
import { TextField } from './TextField.js';

type TextLike = Extract<Question, { kind: 'text' | 'number' | 'secret' }>;

interface Props {
  question: TextLike;
  onAnswer(value: string | number): void;
  onBack(): void;
  onToggleHelp(): void;
}

/** Checks a number answer against the question's bounds; the message says what is allowed. */
export function numberProblem(text: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    return `must be a whole number from ${min} to ${max}`;
  }
  return undefined;
}

function problemOf(question: TextLike, text: string): string | undefined {
  if (question.kind === 'number') return numberProblem(text, question.min, question.max);
  if (question.kind === 'secret') return text === '' ? 'is required' : undefined;
  return question.validate?.(text);
}

/**
 * A text, number or masked secret field, prefilled with the default. Enter checks the answer with the
 * question's own validation and shows the message under the field instead of moving on.
 */
export function TextQuestion({ question, onAnswer, onBack, onToggleHelp }: Props) {
  const initial = question.kind === 'secret' ? '' : String(question.default ?? '');
  const [problem, setProblem] = useState<string>();
  // Once a message is shown it follows the typing, so it disappears as soon as the answer is fixed.
  const change = (next: string) => {
    if (problem) setProblem(problemOf(question, next));
  };
  const submit = (text: string) => {
    const found = problemOf(question, text);
    setProblem(found);
    if (found) return;
    onAnswer(question.kind === 'number' ? Number(text) : text);
  };
  return (
    <Box flexDirection="column">
      <Text bold>{question.message}</Text>
      <Box>
        <Tint color="cyan">{marks.pointer} </Tint>
        <TextField
          initial={initial}
          mask={question.kind === 'secret' ? '•' : undefined}
          onChange={change}
          onSubmit={submit}
          onEscape={onBack}
          onHelp={onToggleHelp}
        />
      </Box>
      {problem && (
        <Tint color="red">
          {marks.failed} {problem}
        </Tint>
      )}
    </Box>
  );
}
