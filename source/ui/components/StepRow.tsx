import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { StepView } from '../flow-state.js';
import { marks, Tint } from '../theme.js';

function progressText(progress: StepView['progress']): string {
  if (!progress) return '';
  return progress.total ? ` (${progress.done}/${progress.total})` : ` (${progress.done})`;
}

/** A step as one line (two or three when it failed: the error and what to do next). */
export function StepRow({ step, animate }: { step: StepView; animate: boolean }) {
  switch (step.state) {
    case 'done':
      return (
        <Text>
          <Tint color="green">{marks.done}</Tint> {step.title}
        </Text>
      );
    case 'skipped':
      return (
        <Text>
          <Tint color="green">{marks.skipped}</Tint> {step.title} <Tint dimColor>(already in place)</Tint>
        </Text>
      );
    case 'failed':
      return (
        <Box flexDirection="column">
          <Text>
            <Tint color="red">{marks.failed}</Tint> {step.title}
          </Text>
          {step.message && <Tint color="red">{`  ${step.message}`}</Tint>}
          {step.hint && <Text>{`  → ${step.hint}`}</Text>}
        </Box>
      );
    case 'running':
      return (
        <Text wrap="truncate-end">
          <Tint color="cyan">{animate ? <Spinner type="dots" /> : '›'}</Tint> {step.title}
          <Tint dimColor>
            {step.status ? ` — ${step.status}` : ''}
            {progressText(step.progress)}
          </Tint>
        </Text>
      );
    default:
      return (
        <Tint dimColor>
          {marks.pending} {step.title}
        </Tint>
      );
  }
}
