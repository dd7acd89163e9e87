import type { AuditEntry } from '../../source/store/audit-log.js';
import type { FlowListener } from '../step.js';

/**
 * One audit line per rotation phase: when a phase finishes or fails, with the ids it touched. A phase that touched
 * nothing (skipped, or only reporting what it keeps) leaves no line. Events carry no secrets, so neither do the lines.
 */
export function auditPhases(
  clinic: string,
  write: (entries: AuditEntry[]) => void,
  next: FlowListener,
): FlowListener {
  const touched = new Map<string, string[]>();
  return (event) => {
    if (event.type === 'change' && event.change.kind !== 'none') {
      const ids = touched.get(event.step) ?? [];
      ids.push(event.change.id ?? event.change.subject);
      touched.set(event.step, ids);
    } else if (event.type === 'step:done' && touched.has(event.step)) {
      write([
        {
          clinic,
          action: event.step,
          resource: (touched.get(event.step) ?? [clinic]).join(' '),
          result: 'ok',
        },
      ]);
    } else if (event.type === 'step:fail') {
      const resource = (touched.get(event.step) ?? [clinic]).join(' ');
      write([{ clinic, action: event.step, resource, result: 'failed', detail: event.message }]);
    }
    next(event);
  };
}
