import { countByStatus, fleetColumns, formatLine } from '../columns.js';
import { shortTime } from '../time-text.js';
import { type ClinicHealth, clinicStatuses } from '../types.js';

/** The fleet as a plain-text table for `fleet --once` (no colour, absolute last-seen times, full reasons). */
export function formatFleetText(clinics: ClinicHealth[], generatedAt: Date): string {
  const counts = countByStatus(clinics);
  const summary = clinicStatuses
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`)
    .join(', ');
  const noun = clinics.length === 1 ? 'clinic' : 'clinics';
  const lines = [
    `${clinics.length} ${noun}${summary ? `: ${summary}` : ''} · ${shortTime(generatedAt.toISOString())}`,
  ];
  if (clinics.length === 0) {
    lines.push('No clinics found. Onboard one with `clinic-tui onboard`.');
    return `${lines.join('\n')}\n`;
  }
  const columns = fleetColumns('absolute');
  const now = generatedAt.getTime();
  lines.push(
    formatLine(
      columns.map((column) => column.title),
      columns,
    ),
  );
  for (const clinic of clinics)
    lines.push(
      formatLine(
        columns.map((column) => column.cell(clinic, now)),
        columns,
      ),
    );
  return `${lines.join('\n')}\n`;
}
