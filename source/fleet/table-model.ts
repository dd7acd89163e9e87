import { compareText } from './compare.js';
import { type ClinicHealth, clinicStatuses } from './types.js';

/**
 * Sorting and filtering of the fleet table: pure functions over ClinicHealth rows, so the screen only keeps
 * the sort key and the filter text and re-derives the visible rows.
 */

export const sortKeys = ['status', 'clinic', 'version', 'lastSeen'] as const;
export type SortKey = (typeof sortKeys)[number];

export const sortLabels: Record<SortKey, string> = {
  status: 'status',
  clinic: 'clinic',
  version: 'version',
  lastSeen: 'last seen',
};

const statusRank = new Map(clinicStatuses.map((status, index) => [status, index]));

/** Compares dotted versions numerically (3.9.0 < 3.22.1); an empty version sorts first. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a === b ? 0 : a === '' ? -1 : b === '' ? 1 : 0;
}

/** Never seen first, then the longest gone, then online clinics: who needs attention comes first. */
function lastSeenRank(clinic: ClinicHealth): number {
  if (clinic.agent.online) return Number.POSITIVE_INFINITY;
  return clinic.agent.lastSeen ? Date.parse(clinic.agent.lastSeen) : Number.NEGATIVE_INFINITY;
}

const comparators: Record<SortKey, (a: ClinicHealth, b: ClinicHealth) => number> = {
  status: (a, b) => (statusRank.get(a.status) ?? 0) - (statusRank.get(b.status) ?? 0),
  clinic: () => 0,
  version: (a, b) => compareVersions(a.agent.version, b.agent.version),
  lastSeen: (a, b) => {
    const left = lastSeenRank(a);
    const right = lastSeenRank(b);
    return left === right ? 0 : left < right ? -1 : 1;
  },
};

/** A sorted copy: by the key (worst/oldest first), then by clinic id; `reverse` flips the whole order. */
export function sortClinics(clinics: ClinicHealth[], key: SortKey, reverse = false): ClinicHealth[] {
  const compare = comparators[key];
  const sign = reverse ? -1 : 1;
  return [...clinics].sort((a, b) => sign * (compare(a, b) || compareText(a.id, b.id)));
}

export interface ClinicFilter {
  matches(clinic: ClinicHealth): boolean;
  /** Set when the text is not a valid regular expression; it is then matched as plain text. */
  error?: string;
}

/** What a filter looks at: id, name, status, agent version and reason. */
function searchText(clinic: ClinicHealth): string {
  return `${clinic.id} ${clinic.name} ${clinic.status} ${clinic.agent.version} ${clinic.reason}`;
}

/** Compiles the filter text: a case-insensitive regex; a leading `!` keeps the rows that do NOT match. */
export function compileClinicFilter(text: string): ClinicFilter {
  const invert = text.startsWith('!');
  const pattern = invert ? text.slice(1) : text;
  if (pattern === '') return { matches: () => true };
  let test: (value: string) => boolean;
  let error: string | undefined;
  try {
    const regex = new RegExp(pattern, 'i');
    test = (value) => regex.test(value);
  } catch {
    const needle = pattern.toLowerCase();
    test = (value) => value.toLowerCase().includes(needle);
    error = 'not a valid regular expression; matching it as plain text';
  }
  const matches = (clinic: ClinicHealth) => test(searchText(clinic)) !== invert;
  return error ? { matches, error } : { matches };
}

/** Each row's position by clinic id, so finding the selected row is a lookup, not a scan of the fleet. */
export function indexById(rows: ClinicHealth[]): Map<string, number> {
  return new Map(rows.map((row, index) => [row.id, index]));
}

/**
 * The first visible row: the previous one unless the selection left the window, and never past the end, so
 * the window scrolls only as far as it must.
 */
export function scrollTop(previous: number, selected: number, height: number, count: number): number {
  const scrolled = Math.min(Math.max(previous, selected - height + 1), Math.max(0, selected));
  return Math.max(0, Math.min(scrolled, count - height));
}

/** The table as shown: rows sorted and filtered, each row's position, and the filter's error if any. */
export interface TableRows {
  rows: ClinicHealth[];
  positions: Map<string, number>;
  filterError?: string;
}

/**
 * A deriver of the shown rows that sorts only when the clinics or the sort change and filters only when the
 * sorted rows or the filter change, so a key press that moves the selection costs no pass over the fleet.
 */
export function createTableRows(): (
  clinics: ClinicHealth[],
  view: { sortKey: SortKey; reverse: boolean; filter: string },
) => TableRows {
  let sortedFor: { clinics: ClinicHealth[]; sortKey: SortKey; reverse: boolean } | undefined;
  let sorted: ClinicHealth[] = [];
  let shownFor: { sorted: ClinicHealth[]; filter: string } | undefined;
  let shown: TableRows = { rows: [], positions: new Map() };
  return (clinics, { sortKey, reverse, filter }) => {
    if (sortedFor?.clinics !== clinics || sortedFor.sortKey !== sortKey || sortedFor.reverse !== reverse) {
      sorted = sortClinics(clinics, sortKey, reverse);
      sortedFor = { clinics, sortKey, reverse };
    }
    if (shownFor?.sorted !== sorted || shownFor.filter !== filter) {
      const compiled = compileClinicFilter(filter);
      const rows = filter ? sorted.filter(compiled.matches) : sorted;
      shown = {
        rows,
        positions: indexById(rows),
        ...(compiled.error ? { filterError: compiled.error } : {}),
      };
      shownFor = { sorted, filter };
    }
    return shown;
  };
}
