import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { Question } from '../../../flows/step.js';
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
  const [index, setIndex] = useState(start);
  useInput((input, key) => {
    const move = (by: number) => setIndex((i) => (i + by + choices.length) % choices.length);
    if (key.upArrow || (key.tab && key.shift)) move(-1);
    else if (key.downArrow || key.tab) move(1);
    else if (key.return) onAnswer(choices[index]!.value);
    else if (key.escape) onBack();
    else if (input === '?') onToggleHelp();
  });
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
