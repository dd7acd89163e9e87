import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import type { PlanReview } from '../../../flows/presenter.js';
import { useKeys } from '../hooks/use-keys.js';
import { type ReviewLine, reviewLines } from '../review-lines.js';
import { Tint } from '../theme.js';

const toneColor: Record<NonNullable<ReviewLine['tone']>, string | undefined> = {
  create: 'green',
  update: 'yellow',
  delete: 'red',
  reuse: undefined,
  heading: undefined,
  code: 'gray',
  warning: 'red',
};

interface Props {
  review: PlanReview;
  /** Rows the review may use; the rest of the screen is the header and the key line. */
  height: number;
  onDecide(goAhead: boolean): void;
  /** Back to the last question; without it, Esc changes nothing and ends. */
  onBack?: (() => void) | undefined;
  onToggleHelp(): void;
}

/**
 * The plan before anything changes, scrollable to fit any terminal: Enter goes ahead, `n` changes nothing, Esc
 * goes back to the last question (or, with no questions before it, changes nothing).
 */
export function ReviewScreen({ review, height, onDecide, onBack, onToggleHelp }: Props) {
  const lines = useMemo(() => reviewLines(review).map((line, number) => ({ ...line, number })), [review]);
  const window = Math.max(3, height - 2);
  const maxTop = Math.max(0, lines.length - window);
  const [wantedTop, setTop] = useState(0);
  // Clamped on every render: after a resize the old scroll position may be past the end.
  const top = Math.min(wantedTop, maxTop);
  // No typeahead: an Enter pressed while the plan was being made must not approve it unseen.
  useKeys(
    (input, key) => {
      const scroll = (by: number) => setTop(Math.min(maxTop, Math.max(0, top + by)));
      if (key.downArrow || key.tab) scroll(1);
      else if (key.upArrow) scroll(-1);
      else if (key.pageDown || input === ' ') scroll(window);
      else if (key.pageUp) scroll(-window);
      else if (key.return) onDecide(true);
      else if (key.escape && onBack) onBack();
      else if (key.escape || input === 'n') onDecide(false);
      else if (input === '?') onToggleHelp();
    },
    { typeahead: false },
  );
  const shown = lines.slice(top, top + window);
  return (
    <Box flexDirection="column">
      {shown.map((line) => (
        <Tint
          key={line.number}
          wrap="truncate-end"
          bold={line.tone === 'heading'}
          color={line.tone ? toneColor[line.tone] : undefined}
        >
          {line.text === '' ? ' ' : line.text}
        </Tint>
      ))}
      {lines.length > window && (
        <Tint
          dimColor
        >{`lines ${top + 1}–${Math.min(lines.length, top + window)} of ${lines.length} · ↑/↓ scroll`}</Tint>
      )}
      <Text bold>
        {onBack
          ? 'Apply this plan? Enter: go ahead · Esc: back · n: change nothing'
          : 'Apply this plan? Enter: go ahead · Esc: change nothing'}
      </Text>
    </Box>
  );
}
