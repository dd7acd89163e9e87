import { type Column, fleetColumns } from './columns.js';
import type { SortKey } from './table-model.js';
import type { ClinicHealth } from './types.js';

/**
 * How the fleet table fits a terminal of any width, as pure functions the screen calls on every frame: columns by
 * priority (REASON takes what is left, CLINIC is as wide as the longest id up to a cap), and key hints that always
 * end in `? help · q quit`.
 */

/** CLINIC is never wider than this; a longer id is cut with `…`. */
const clinicCap = 24;
/** REASON below this is dropped before the columns it would squeeze out. */
const reasonMin = 16;
/** Columns dropped first when the terminal is narrow, most expendable first. */
const dropOrder = ['PROBE', 'VERSION', 'LAST SEEN', 'AGENTS', 'ENDPTS'];
/** The cell of the selected row starts after a pointer: `❯ `. */
const pointerWidth = 2;

const sortColumn: Record<SortKey, string> = {
  status: 'STATUS',
  clinic: 'CLINIC',
  version: 'VERSION',
  lastSeen: 'LAST SEEN',
};

/** The columns that fit `width`, each with its width; REASON last, flexing to the rest of the line. */
export function layoutColumns(
  width: number,
  clinics: ClinicHealth[],
  longestId = longestIdOf(clinics),
): Column[] {
  // One more than the title, so the sort mark fits.
  const clinicWidth = Math.min(clinicCap, Math.max('CLINIC'.length + 1, longestId));
  let columns = fleetColumns('relative').map((column) =>
    column.title === 'CLINIC' ? { ...column, width: clinicWidth } : column,
  );
  const fixed = (shown: Column[]) =>
    pointerWidth + shown.filter((c) => c.title !== 'REASON').reduce((sum, c) => sum + c.width + 1, 0);
  for (const title of dropOrder) {
    if (width - fixed(columns) >= reasonMin) break;
    columns = columns.filter((column) => column.title !== title);
  }
  const reasonWidth = Math.max(1, width - fixed(columns));
  return columns.map((column) => (column.title === 'REASON' ? { ...column, width: reasonWidth } : column));
}

/** The longest clinic id, for the CLINIC column (computed once per refresh, not per frame). */
export function longestIdOf(clinics: ClinicHealth[]): number {
  let longest = 0;
  for (const clinic of clinics) longest = Math.max(longest, clinic.id.length);
  return longest;
}

/** The columns' titles with the sort column marked: ▼ ascending, ▲ reversed. */
export function markSortColumn(columns: Column[], sortKey: SortKey, reverse: boolean): Column[] {
  const title = sortColumn[sortKey];
  return columns.map((column) =>
    column.title === title ? { ...column, title: `${column.title}${reverse ? '▲' : '▼'}` } : column,
  );
}

/** The hints that fit `width`, in priority order, always ending in `? help · q quit`. */
export function keyHints(width: number, hints: string[]): string {
  const always = '? help · q quit';
  const shown: string[] = [];
  let used = always.length;
  for (const hint of hints) {
    if (used + hint.length + 3 > width) break;
    shown.push(hint);
    used += hint.length + 3;
  }
  return [...shown, always].join(' · ');
}
