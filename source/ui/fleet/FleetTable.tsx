import { Box, Text } from 'ink';
import { type Column, fitCell } from '../../fleet/columns.js';
import type { ClinicHealth } from '../../fleet/types.js';
import { marks, Tint } from '../theme.js';
import { statusColor } from './status-style.js';

interface Props {
  /** The visible rows only. */
  rows: ClinicHealth[];
  columns: Column[];
  /** Index of the first visible row in the whole table. */
  top: number;
  selected: number;
  width: number;
  now: number;
}

/** Only the visible slice of rows is passed in, so 10,000 clinics cost the same per frame as 20. */
export function FleetTable({ rows, columns, top, selected, width, now }: Props) {
  const [statusColumn, ...rest] = columns;
  const restWidth = Math.max(10, width - 2 - (statusColumn?.width ?? 0) - 1);
  const line = (cells: string[]) =>
    fitCell(cells.map((cell, i) => fitCell(cell, rest[i]?.width ?? 0)).join(' '), restWidth).trimEnd();
  return (
    <Box flexDirection="column">
      <Tint bold wrap="truncate">
        {`  ${fitCell(statusColumn?.title ?? '', statusColumn?.width ?? 0)} ${line(rest.map((c) => c.title))}`}
      </Tint>
      {rows.map((clinic, i) => {
        const isSelected = top + i === selected;
        return (
          <Text key={clinic.id} wrap="truncate" inverse={isSelected}>
            {isSelected ? `${marks.pointer} ` : '  '}
            <Tint color={statusColor[clinic.status]}>{fitCell(clinic.status, statusColumn?.width ?? 0)}</Tint>
            {` ${line(rest.map((column) => column.cell(clinic, now)))}`}
          </Text>
        );
      })}
      {rows.length === 0 ? <Tint dimColor>{'  No clinics to show.'}</Tint> : null}
    </Box>
  );
}
