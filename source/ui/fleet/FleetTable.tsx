import { Box, Text } from 'ink';
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

/** Only the visible slice of rows is passed in, so 10,000 clinics cost the same per frame as 20. */
export function FleetTable({ rows, columns, top, selected, now }: Props) {
  const [statusColumn, ...rest] = columns;
  const statusWidth = statusColumn?.width ?? 0;
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => fitCell(cell, rest[i]?.width ?? 0))
      .join(' ')
      .trimEnd();
  return (
    <Box flexDirection="column">
      <Tint bold wrap="truncate">
        {`  ${fitCell(statusColumn?.title ?? '', statusWidth)} ${line(rest.map((c) => c.title))}`}
      </Tint>
      {rows.map((clinic, i) => {
        const isSelected = top + i === selected;
        return (
          <Text key={clinic.id} wrap="truncate" inverse={isSelected}>
            {isSelected ? `${marks.pointer} ` : '  '}
            <Tint color={statusColor[clinic.status]}>{fitCell(clinic.status, statusWidth)}</Tint>
            {` ${line(rest.map((column) => column.cell(clinic, now)))}`}
          </Text>
        );
      })}
      {rows.length === 0 ? <Tint dimColor>{'  No clinics to show.'}</Tint> : null}
    </Box>
  );
}
