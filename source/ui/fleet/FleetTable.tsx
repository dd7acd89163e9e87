import { Box, Text } from 'ink';
import { Fragment, type ReactNode } from 'react';
import { type Column, fitCell } from '../../fleet/columns.js';
import type { ClinicHealth } from '../../fleet/types.js';
import { marks, Tint } from '../theme.js';
import { statusColor } from './status-style.js';

interface Props {
  /** The visible rows only. */
  rows: ClinicHealth[];
  /** The columns that fit the terminal (screen-layout.ts), STATUS first. */
  columns: Column[];
  /** Index of the first visible row in the whole table. */
  top: number;
  selected: number;
  now: number;
}

/**
 * The cells after STATUS, each fitted to its column; an alarm cell (an endpoint found open) is drawn as an error.
 * The line ends at the last character of the last cell, as a plain line would.
 */
function rowCells(clinic: ClinicHealth, columns: Column[], now: number): ReactNode[] {
  const last = columns.length - 1;
  return columns.map((column, i) => {
    const fitted = fitCell(column.cell(clinic, now), column.width);
    const text = i === last ? fitted.trimEnd() : fitted;
    return column.alarm?.(clinic) ? (
      <Fragment key={column.title}>
        {' '}
        <Tint color="red" bold>
          {text}
        </Tint>
      </Fragment>
    ) : (
      ` ${text}`
    );
  });
}

/** Only the visible slice of rows is passed in, so 10,000 clinics cost the same per frame as 20. */
export function FleetTable({ rows, columns, top, selected, now }: Props) {
  const [statusColumn, ...rest] = columns;
  const statusWidth = statusColumn?.width ?? 0;
  const titles = rest
    .map((column) => fitCell(column.title, column.width))
    .join(' ')
    .trimEnd();
  return (
    <Box flexDirection="column">
      <Tint bold wrap="truncate">
        {`  ${fitCell(statusColumn?.title ?? '', statusWidth)} ${titles}`}
      </Tint>
      {rows.map((clinic, i) => {
        const isSelected = top + i === selected;
        return (
          <Text key={clinic.id} wrap="truncate" inverse={isSelected}>
            {isSelected ? `${marks.pointer} ` : '  '}
            <Tint color={statusColor[clinic.status]}>{fitCell(clinic.status, statusWidth)}</Tint>
            {rowCells(clinic, rest, now)}
          </Text>
        );
      })}
      {rows.length === 0 ? <Tint dimColor>{'  No clinics to show.'}</Tint> : null}
    </Box>
  );
}
