import { Box, Text } from 'ink';
import type { FleetState } from '../../fleet/poller.js';
import { keyHints } from '../../fleet/screen-layout.js';
import { Tint } from '../theme.js';

interface Props {
  state: FleetState;
  /** Which view the keys act on: the table, one clinic's detail, or the key help. */
  mode: 'table' | 'detail' | 'help';
  width: number;
  filter: string;
  editingFilter: boolean;
  filterError?: string;
  sortLabel: string;
  notice?: string;
  now: number;
}

/** The countdown to the next attempt after a failed refresh (` Retrying in 12s.`), else nothing. */
export function retryText(state: FleetState, now: number): string {
  if (!state.error || !state.nextRefreshAt) return '';
  return ` Retrying in ${Math.max(0, Math.ceil((state.nextRefreshAt - now) / 1000))}s.`;
}

/** The key hints of a view, most useful first; `? help · q quit` are always added after them. */
function hintsFor(mode: Props['mode'], sortLabel: string): string[] {
  if (mode === 'detail') return ['Esc back', 'R rotate', 'r refresh'];
  if (mode === 'help') return ['any key back'];
  return [`sorted by ${sortLabel}`, '↑↓ move', 'Enter detail', 'R rotate', '/ filter', 's sort', 'r refresh'];
}

/** The last error (the table keeps its rows), the filter being typed, and the key hints. */
export function FleetFooter({
  state,
  mode,
  width,
  filter,
  editingFilter,
  filterError,
  sortLabel,
  notice,
  now,
}: Props) {
  const retry = retryText(state, now);
  return (
    <Box flexDirection="column">
      {state.error ? (
        <Tint color="red" wrap="truncate">{`✗ Last refresh failed: ${state.error}.${retry}`}</Tint>
      ) : null}
      {notice ? (
        <Tint color="yellow" wrap="truncate">
          {notice}
        </Tint>
      ) : null}
      {editingFilter || filter ? (
        <Text wrap="truncate">
          <Tint color="cyan">/</Tint>
          {filter}
          {editingFilter ? <Tint inverse> </Tint> : null}
          {filterError ? <Tint color="yellow">{`  (${filterError})`}</Tint> : null}
        </Text>
      ) : null}
      <Tint dimColor wrap="truncate">
        {editingFilter ? 'type a regex · Enter keep · Esc clear' : keyHints(width, hintsFor(mode, sortLabel))}
      </Tint>
    </Box>
  );
}
