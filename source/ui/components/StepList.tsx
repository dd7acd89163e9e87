import { Box, Static } from 'ink';
import type { StepView } from '../flow-state.js';
import { StepRow } from './StepRow.js';

/** The finished steps, printed once and kept in the scrollback. Ink's <Static> never redraws them. */
export function FinishedSteps({ steps }: { steps: StepView[] }) {
  return <Static items={steps}>{(step) => <StepRow key={step.id} step={step} animate={false} />}</Static>;
}

/** The steps still to finish: running ones with a spinner and status, then pending ones (cut to fit). */
export function LiveSteps({
  steps,
  animate,
  maxRows,
}: {
  steps: StepView[];
  animate: boolean;
  maxRows: number;
}) {
  const live = steps.filter((step) => step.state === 'running' || step.state === 'pending');
  const shown = live.slice(0, Math.max(1, maxRows));
  return (
    <Box flexDirection="column">
      {shown.map((step) => (
        <StepRow key={step.id} step={step} animate={animate} />
      ))}
      {live.length > shown.length && (
        <StepRow
          step={{ id: 'more', title: `${live.length - shown.length} more`, state: 'pending' }}
          animate={false}
        />
      )}
    </Box>
  );
}
