import { Box, Text } from 'ink';
import { useReducer, useRef } from 'react';
import type { Question } from '../../../flows/step.js';
import { useKeys } from '../hooks/use-keys.js';
import { marks, Tint } from '../theme.js';

type Confirm = Extract<Question, { kind: 'confirm' }>;

interface Props {
  question: Confirm;
  onAnswer(value: boolean): void;
  onBack(): void;
  onToggleHelp(): void;
}

/** Yes or no: y/n answer at once; ←/→/Tab switch; Enter takes the highlighted one (the default at first). */
export function ConfirmQuestion({ question, onAnswer, onBack, onToggleHelp }: Props) {
  const choice = useRef(question.default ?? false);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useKeys(
    (input, key) => {
      if (input === 'y' || input === 'Y') onAnswer(true);
      else if (input === 'n' || input === 'N') onAnswer(false);
      else if (key.leftArrow || key.rightArrow || key.tab || key.upArrow || key.downArrow) {
        choice.current = !choice.current;
        redraw();
      } else if (key.return) onAnswer(choice.current);
      else if (key.escape) onBack();
      else if (input === '?') onToggleHelp();
    },
    { typeahead: false },
  );
  const yes = choice.current;
  const option = (label: string, chosen: boolean) => (
    <Tint color={chosen ? 'cyan' : undefined} bold={chosen}>
      {chosen ? `${marks.pointer} ${label}` : `  ${label}`}
    </Tint>
  );
  return (
    <Box flexDirection="column">
      <Text bold>{question.message}</Text>
      <Box gap={2}>
        {option('Yes', yes)}
        {option('No', !yes)}
      </Box>
    </Box>
  );
}
