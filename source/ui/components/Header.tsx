import { Box, Text } from 'ink';
import type { FlowViewState } from '../flow-state.js';
import { Tint } from '../theme.js';

interface Props {
  header: FlowViewState['header'];
  /** Where the question on screen stands among the wizard's questions. */
  position?: { at: number; of: number } | undefined;
}

/**
 * One line: what is running, for which clinic and stage, which question of how many, and a SANDBOX label when
 * nothing real is touched.
 */
export function Header({ header, position }: Props) {
  return (
    <Box>
      <Text bold>{header.title}</Text>
      {header.clinic && <Text> · {header.clinic}</Text>}
      {header.stage && <Text> · stage {header.stage}</Text>}
      {position && <Text>{` · question ${position.at} of ${position.of}`}</Text>}
      {header.sandbox && <Text> </Text>}
      {header.sandbox && (
        <Tint color="black" backgroundColor="yellow" bold>
          {' SANDBOX '}
        </Tint>
      )}
    </Box>
  );
}
