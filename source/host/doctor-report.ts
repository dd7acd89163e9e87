import type { DoctorCheck } from './doctor.js';

const marks: Record<DoctorCheck['status'], string> = { ok: '✓', fail: '✗', skipped: '-' };

/** The doctor report as lines for people: a mark, the check, its detail, and what to do when it failed. */
export function formatDoctorReport(checks: DoctorCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    const [first = '', ...more] = check.detail.split('\n');
    lines.push(`${marks[check.status]} ${check.title}: ${first}`);
    for (const line of more) lines.push(`    ${line}`);
    if (check.hint) lines.push(`  → ${check.hint}`);
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return `${lines.join('\n')}\n`;
}
