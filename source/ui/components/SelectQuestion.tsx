import { Box, Text } from 'ink';
import { useReducer, useRef } from 'react';
import type { Question } from '../../../flows/step.js';
import { useKeys } from '../hooks/use-keys.js';
import { marks, Tint } from '../theme.js';

type Select = Extract<Question, { kind: 'select' }>;

interface Props {
  question: Select;
  onAnswer(value: string): void;
  onBack(): void;
  onToggleHelp(): void;
}

/** A list of choices: ↑/↓ or Tab/Shift+Tab move (wrapping), Enter picks, Esc goes back. */
export function SelectQuestion({ question, onAnswer, onBack, onToggleHelp }: Props) {
  const { choices } = question;
  const start = Math.max(
    0,
    choices.findIndex((choice) => choice.value === question.default),
  );
  // The pointer lives in a ref: ↓ and Enter arriving in one chunk must pick the choice ↓ moved to.
  const pointer = useRef(start);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useKeys(
    (input, key) => {
      const move = (by: number) => {
        pointer.current = (pointer.current + by + choices.length) % choices.length;
        redraw();
      };
      if (key.upArrow || (key.tab && key.shift)) move(-1);
      else if (key.downArrow || key.tab) move(1);
      else if (key.return) onAnswer(choices[pointer.current]!.value);
      else if (key.escape) onBack();
      else if (input === '?') onToggleHelp();
    },
    { typeahead: true },
  );
  const index = pointer.current;
  return (
    <Box flexDirection="column">
      <Text bold>{question.message}</Text>
      {choices.map((choice, i) => (
        <Text key={choice.value} wrap="truncate-end">
          <Tint color="cyan">{i === index ? `${marks.pointer} ` : '  '}</Tint>
          <Text bold={i === index}>{choice.label}</Text>
          {choice.hint && <Tint dimColor>{`  ${choice.hint}`}</Tint>}
        </Text>
      ))}
    </Box>
  );
}
