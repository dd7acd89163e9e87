/**
 * One thing found in a config file: where (a path such as endpoints[2].url), how bad, and what to do. `info` is no
 * problem: it explains a choice or a requirement (such as the agent version a config needs).
 */
export interface Finding {
  path: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** Shorthand for an error finding. */
export function error(path: string, message: string): Finding {
  return { path, severity: 'error', message };
}

/** Shorthand for a warning finding. */
export function warning(path: string, message: string): Finding {
  return { path, severity: 'warning', message };
}

/** Shorthand for an informational finding. */
export function info(path: string, message: string): Finding {
  return { path, severity: 'info', message };
}

/** Joins a parent path and a key the way findings show paths: endpoints[2].upstream.url. */
export function at(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** True for a plain object (a YAML mapping or JSON object), not an array or null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
