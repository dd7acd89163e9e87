import { Box, Text, useInput } from 'ink';
import { FinishedSteps, LiveSteps } from '../components/StepList.js';
import type { Store } from '../flow-store.js';
import { useStore } from '../hooks/use-store.js';
import { marks, Tint } from '../theme.js';
import { ConfirmRotation } from './ConfirmRotation.js';
import { describeOutcome, type RotateViewState } from './rotate-state.js';

interface Props {
  store: Store<RotateViewState>;
  animate: boolean;
  onInterrupt(): void;
}

/** The rotation screen: header, finished phases (printed once), live phases, the confirmation, the outcome. */
export function RotateApp({ store, animate, onInterrupt }: Props) {
  const state = useStore(store);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') onInterrupt();
  });
  const { flow } = state;
  const finished = flow.finished.flatMap((id) => flow.steps.filter((step) => step.id === id));
  return (
    <Box flexDirection="column">
      <FinishedSteps steps={finished} />
      <Text bold>
        {flow.header.title}
        {flow.header.sandbox ? <Tint color="yellow"> SANDBOX</Tint> : null}
      </Text>
      <LiveSteps steps={flow.steps} animate={animate} maxRows={12} />
      {state.confirm && (
        <ConfirmRotation
          clinic={state.clinic}
          plans={state.confirm.plans}
          preview={state.confirm.preview}
          decide={state.confirm.decide}
        />
      )}
      {state.outcome && <Outcome state={state} />}
      {state.interrupted && <Tint color="yellow">{state.interrupted}</Tint>}
    </Box>
  );
}

function Outcome({ state }: { state: RotateViewState }) {
  const outcome = state.outcome!;
  const ok = outcome.result === 'rotated';
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Tint color={ok ? 'green' : 'yellow'}>{ok ? marks.done : marks.failed}</Tint>{' '}
        {describeOutcome(outcome)}
      </Text>
      {outcome.error && <Text>{`  ${outcome.error.message}`}</Text>}
      {outcome.error?.hint && <Text>{`  → ${outcome.error.hint}`}</Text>}
    </Box>
  );
}
