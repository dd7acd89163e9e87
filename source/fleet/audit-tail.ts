import { readFile } from 'node:fs/promises';
import { type AuditRecord, auditLogPath } from '../store/audit-log.js';

/** A clinic's most recent audit log entries, newest first (for the fleet's detail view); [] without a log. */
export async function readClinicAudit(
  clinicId: string,
  limit = 5,
  path: string = auditLogPath(),
): Promise<AuditRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes(clinicId)) continue;
    try {
      const record = JSON.parse(line) as AuditRecord;
      if (record.clinic === clinicId) entries.push(record);
    } catch {
      // A torn last line (a crash mid-append) is skipped, not fatal.
    }
  }
  return entries.slice(-limit).reverse();
}
