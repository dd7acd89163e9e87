import { Box, Text } from 'ink';
import { Tint } from '../theme.js';

const keys: [string, string][] = [
  ['↑ ↓ Tab', 'move between choices; scroll the review'],
  ['Enter', 'accept the answer or the plan'],
  ['Esc', 'back one question (from the review too, after the wizard)'],
  ['n', 'on the review: change nothing and stop'],
  ['?', 'show or hide this help (in a text field: when it is empty)'],
  ['Ctrl+C', 'stop; finished steps are kept and a rerun resumes'],
];

/** The rows the key help panel takes: one per key, plus its border. */
export const keyHelpRows = keys.length + 2;

/** The key help panel, toggled with `?`. */
export function KeyHelp() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      {keys.map(([key, what]) => (
        <Text key={key}>
          <Tint bold color="cyan">
            {key.padEnd(8)}
          </Tint>{' '}
          {what}
        </Text>
      ))}
    </Box>
  );
}

/** The one-line reminder under every prompt. */
export function KeyHints({ text }: { text: string }) {
  return <Tint dimColor>{text}</Tint>;
}
