import type { RotationOutcome } from '../../../flows/rotate/types.js';

/** The fleet rotation summary as a plain-text table: one row per clinic, then the totals. */
export function formatSummaryTable(outcomes: RotationOutcome[]): string[] {
  const header = ['CLINIC', 'RESULT', 'OLD CREDENTIAL', 'NEW CREDENTIAL', 'GAP', 'NOTE'];
  const rows = outcomes.map((o) => [
    o.clinic,
    o.result,
    o.old_credential ?? '-',
    o.new_credential ?? '-',
    o.gap_ms === null ? '-' : `${o.gap_ms} ms`,
    o.error?.message ?? '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.filter(() => column < 5).map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < 5 ? cell.padEnd(widths[column]!) : cell))
      .join('  ')
      .trimEnd();
  const count = (result: RotationOutcome['result']) => outcomes.filter((o) => o.result === result).length;
  return [
    line(header),
    ...rows.map(line),
    `${outcomes.length} ${outcomes.length === 1 ? 'clinic' : 'clinics'}: ${count('rotated')} rotated, ${count('rolled_back')} rolled back, ` +
      `${count('skipped')} skipped, ${count('failed')} need attention`,
  ];
}
