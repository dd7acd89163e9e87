import { probeCell, probeOutcome } from './probe-health.js';
import { ago, shortTime } from './time-text.js';
import type { ClinicHealth, ClinicStatus } from './types.js';

/**
 * The fleet table's columns, shared by the Ink screen and the plain-text exporter so both show the same thing.
 * Cells are plain strings; the screen adds colour by status.
 */

export interface Column {
  title: string;
  width: number;
  cell(clinic: ClinicHealth, now: number): string;
  /** True when the cell is an alarm, which the screen draws as an error (its text carries the meaning too). */
  alarm?(clinic: ClinicHealth): boolean;
}

/** The last-seen cell: `online`, how long ago, or `never`. */
export function lastSeenText(clinic: ClinicHealth, now: number, style: 'relative' | 'absolute'): string {
  if (clinic.agent.online) return 'online';
  if (!clinic.agent.lastSeen) return 'never';
  return style === 'absolute'
    ? shortTime(clinic.agent.lastSeen)
    : `${ago(now - Date.parse(clinic.agent.lastSeen))} ago`;
}

function endpointsUp(clinic: ClinicHealth): string {
  const up = clinic.endpoints.filter((endpoint) => endpoint.online === true).length;
  return `${up}/${clinic.endpoints.length}`;
}

/** The columns, in order; the reason takes whatever width is left. */
export function fleetColumns(lastSeenStyle: 'relative' | 'absolute'): Column[] {
  return [
    { title: 'STATUS', width: 8, cell: (c) => c.status },
    { title: 'CLINIC', width: 16, cell: (c) => c.id },
    { title: 'VERSION', width: 8, cell: (c) => c.agent.version || '-' },
    { title: 'AGENTS', width: 6, cell: (c) => `${c.agent.sessions.length}/${c.agent.expectedSessions}` },
    { title: 'ENDPTS', width: 6, cell: endpointsUp },
    {
      title: 'PROBE',
      width: 6,
      cell: (c, now) => probeCell(c.probe, now),
      alarm: (c) => probeOutcome(c.probe) === 'open',
    },
    {
      title: 'LAST SEEN',
      width: lastSeenStyle === 'absolute' ? 17 : 10,
      cell: (c, now) => lastSeenText(c, now, lastSeenStyle),
    },
    { title: 'REASON', width: 0, cell: (c) => c.reason },
  ];
}

/** Pads or cuts a cell to its width (0 = no limit); a cut cell ends in `…`. */
export function fitCell(text: string, width: number): string {
  if (width === 0) return text;
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** One table line from cells, each fitted to its column, separated by a space. */
export function formatLine(cells: string[], columns: Column[], totalWidth?: number): string {
  const line = cells.map((cell, i) => fitCell(cell, columns[i]?.width ?? 0)).join(' ');
  return totalWidth ? fitCell(line, totalWidth).trimEnd() : line.trimEnd();
}

/** Counts per status, in the table's status order. */
export function countByStatus(clinics: ClinicHealth[]): Record<ClinicStatus, number> {
  const counts: Record<ClinicStatus, number> = { offline: 0, degraded: 0, drift: 0, unknown: 0, healthy: 0 };
  for (const clinic of clinics) counts[clinic.status]++;
  return counts;
}
