import type { Change, FlowListener } from './step.js';

/** The ids a run created, updated and deleted, each once, in the order its change events named them. */
export interface ChangeLists {
  created: string[];
  updated: string[];
  deleted: string[];
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
  };
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
