import { Box, Text } from 'ink';
import { useState } from 'react';
import type { RotationPreview } from '../../../flows/rotate/preview.js';
import type { StepPlan } from '../../../flows/runner.js';
import { TextField } from '../components/TextField.js';
import { formatChange } from '../plain-lines.js';
import { Tint } from '../theme.js';
import { previewLines } from './preview-lines.js';

interface Props {
  clinic: string;
  plans: StepPlan[];
  preview: RotationPreview;
  decide(goAhead: boolean): void;
}

/** The plan, then "type the clinic id to rotate": a destructive action is confirmed by name, Esc cancels. */
export function ConfirmRotation({ clinic, plans, preview, decide }: Props) {
  const [problem, setProblem] = useState<string>();
  const submit = (text: string) => {
    if (text.trim() === clinic) decide(true);
    else setProblem(`type ${clinic} exactly, or press Esc to cancel`);
  };
  const changes = plans.flatMap((plan) => plan.changes.filter((change) => change.kind !== 'none'));
  return (
    <Box flexDirection="column" marginTop={1}>
      {previewLines(preview).map((line) => (
        <Text key={line} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text bold>Plan:</Text>
      {changes.map((change) => (
        <Text
          key={`${change.kind}${change.subject}`}
          wrap="truncate-end"
        >{`  ${formatChange(change, 'plan')}`}</Text>
      ))}
      <Box marginTop={1}>
        <Text>{`Type the clinic id (${clinic}) to rotate, Esc to cancel: `}</Text>
        <TextField
          initial=""
          onChange={() => setProblem(undefined)}
          onSubmit={submit}
          onEscape={() => decide(false)}
          onHelp={() => undefined}
        />
      </Box>
      {problem && <Tint color="red">{`  ${problem}`}</Tint>}
    </Box>
  );
}
