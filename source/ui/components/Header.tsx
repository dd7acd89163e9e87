import { Box, Text } from 'ink';
import type { FlowViewState } from '../flow-state.js';
import { Tint } from '../theme.js';

/** One line: what is running, for which clinic and stage, and a SANDBOX label when nothing real is touched. */
export function Header({ header }: { header: FlowViewState['header'] }) {
  return (
    <Box>
      <Text bold>{header.title}</Text>
      {header.clinic && <Text> · {header.clinic}</Text>}
      {header.stage && <Text> · stage {header.stage}</Text>}
      {header.sandbox && <Text> </Text>}
      {header.sandbox && (
        <Tint color="black" backgroundColor="yellow" bold>
          {' SANDBOX '}
        </Tint>
      )}
    </Box>
  );
}
