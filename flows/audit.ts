import { type AuditEntry, appendAudit } from '../source/store/audit-log.js';
import type { FlowEvent, FlowListener } from './step.js';

/**
 * Wraps a listener so every change a flow makes (create/update/delete) and every failed step leaves one line in
 * the audit log. Reuse and no-op changes are not changes, so they are not logged.
 */
export function auditingListener(
  listener: FlowListener,
  clinic: string,
  flowId: string,
  write: (entries: AuditEntry[]) => void = appendAudit,
): FlowListener {
  return (event: FlowEvent) => {
    if (event.type === 'change' && ['create', 'update', 'delete'].includes(event.change.kind)) {
      const { kind, id, subject } = event.change;
      write([{ clinic, action: `${flowId}.${kind}`, resource: id ?? subject, result: 'ok' }]);
    } else if (event.type === 'step:fail') {
      write([
        {
          clinic,
          action: `${flowId}.${event.step}`,
          resource: event.step,
          result: 'failed',
          detail: event.message,
        },
      ]);
    }
    listener(event);
  };
}
