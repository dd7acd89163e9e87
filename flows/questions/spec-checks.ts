import type * as Checks from './validate.js';

/** The answers file's checks as the wizard uses them (fieldError, validateSpec, cidrHostBitsProblem). */
export type SpecChecks = typeof Checks;

let loaded: SpecChecks | undefined;
let loading: Promise<SpecChecks> | undefined;

/**
 * Loads the answers file's checks (the spec schema with zod and ipaddr.js). The first question needs none of them,
 * so it is on screen before they load; a question that validates with them names this as its `prepare`.
 */
export function loadSpecChecks(): Promise<SpecChecks> {
  loading ??= import('./validate.js').then((checks) => {
    loaded = checks;
    return checks;
  });
  return loading;
}

/** The checks, once loadSpecChecks has resolved (the engine awaits a node's `prepare` before asking it). */
export function specChecks(): SpecChecks {
  if (!loaded) throw new Error('The spec checks were used before loadSpecChecks resolved.');
  return loaded;
}

/** A node's `prepare` for questions validated with the spec checks. */
export async function prepareSpecChecks(): Promise<void> {
  await loadSpecChecks();
}
