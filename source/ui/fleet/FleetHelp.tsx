import { Box, Text } from 'ink';
import { Tint } from '../theme.js';

const keys: [string, string][] = [
  ['↑ ↓ j k', 'move; PgUp PgDn Home End jump'],
  ['Enter', "a clinic's detail: endpoints, sessions, credential, stranger probes, recent changes"],
  ['/', 'filter as you type (regex; a leading ! keeps what does not match); Esc clears'],
  ['s / S', 'sort by status, clinic, version, last seen / reverse the order'],
  ['r', 'refresh now'],
  ['R', "rotate the selected clinic's authtoken"],
  ['q', 'quit'],
  ['?', 'show or hide this help'],
];

/** The key help panel, toggled with `?`. */
export function FleetHelp() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      {keys.map(([key, what]) => (
        <Text key={key} wrap="truncate">
          <Tint bold color="cyan">
            {key.padEnd(9)}
          </Tint>
          {what}
        </Text>
      ))}
    </Box>
  );
}
