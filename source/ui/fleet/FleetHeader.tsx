import { Box, Text } from 'ink';
import type { FleetState } from '../../fleet/poller.js';
import { type ClinicStatus, clinicStatuses } from '../../fleet/types.js';
import { Tint } from '../theme.js';
import { statusColor } from './status-style.js';

interface Props {
  state: FleetState;
  /** Clinics per status (computed once per refresh by the caller, not on every key press). */
  counts: Record<ClinicStatus, number>;
  sandbox: boolean;
  /** Rows shown after sort and filter. */
  shown: number;
}

function clockTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** Counts per status, the API budget in use and the time of the last refresh. */
export function FleetHeader({ state, counts, sandbox, shown }: Props) {
  const refreshed = state.lastRefreshAt
    ? `refreshed ${clockTime(state.lastRefreshAt)}Z`
    : 'not refreshed yet';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Tint bold>clinic-tui fleet</Tint>
        {sandbox ? (
          <Tint color="black" backgroundColor="yellow">
            {' SANDBOX '}
          </Tint>
        ) : null}
        {` ${state.clinics.length} ${state.clinics.length === 1 ? 'clinic' : 'clinics'}`}
        {shown !== state.clinics.length ? ` (${shown} shown)` : ''}
        {clinicStatuses.map((status) =>
          counts[status] > 0 ? (
            <Text key={status}>
              {' · '}
              <Tint color={statusColor[status]}>{`${counts[status]} ${status}`}</Tint>
            </Text>
          ) : null,
        )}
      </Text>
      <Tint dimColor wrap="truncate">
        {state.budget ? `API ${state.budget.inUse}/${state.budget.limit} per min · ` : ''}
        {`${state.requestsLastRefresh} requests last refresh · ${refreshed}`}
        {state.refreshing ? ' · refreshing…' : ''}
        {state.complete ? '' : ' · first full read in progress'}
      </Tint>
    </Box>
  );
}
