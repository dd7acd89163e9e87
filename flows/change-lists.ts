import type { Change, FlowListener } from './step.js';

/** The ids a run created, updated and deleted, each once, in the order its change events named them. */
export interface ChangeLists {
  created: string[];
  updated: string[];
  deleted: string[];
  /** What each of those ids is, for people: `service user clinic-tui/clinic1`. */
  labels: Record<string, string>;
}

function idsOf(changes: readonly Change[], kind: Change['kind']): string[] {
  return [...new Set(changes.flatMap((change) => (change.kind === kind && change.id ? [change.id] : [])))];
}

/** The summary's id lists, from the change events of a run. */
export function changeLists(changes: readonly Change[]): ChangeLists {
  return {
    created: idsOf(changes, 'create'),
    updated: idsOf(changes, 'update'),
    deleted: idsOf(changes, 'delete'),
    labels: labelsOf(changes),
  };
}

/** Each changed or reused resource's subject by its id (the first subject named for it). */
export function labelsOf(changes: readonly Change[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const change of changes) if (change.id && !(change.id in labels)) labels[change.id] = change.subject;
  return labels;
}

/**
 * Wraps a listener to keep every change event that passes through it, so a run the runner could not finish still
 * has a summary of exactly what was reported.
 */
export function recordChanges(listener: FlowListener): {
  listener: FlowListener;
  changes: { step: string; change: Change }[];
} {
  const changes: { step: string; change: Change }[] = [];
  return {
    changes,
    listener: (event) => {
      if (event.type === 'change') changes.push({ step: event.step, change: event.change });
      listener(event);
    },
  };
}
