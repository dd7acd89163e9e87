import { generationOf, listClinicCredentials } from '../../source/clinic-record/credentials.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { parseTag } from '../../source/ngrok/tags.js';
import type { Credential } from '../../source/ngrok/types.js';
import { errorHint, errorMessage } from '../error-text.js';
import type { FlowListener } from '../step.js';
import { rotateClinic } from './run.js';
import type { RotateDeps, RotationOutcome } from './types.js';

export interface RotateAllOptions {
  /** Rotate only clinics whose newest credential is older than this. */
  olderThanMs?: number;
  /** Clinics rotated at the same time after the canaries (the shared rate limiter keeps the API budget). */
  concurrency: number;
  /** Clinics rotated first, one by one; if any of them is not rotated, the rest are skipped. */
  canary: number;
  /** The SSH identity file for a clinic, when this laptop has one (local store or --identity). */
  identityFileFor?(clinic: string): Promise<string | undefined>;
  signal: AbortSignal;
  /** Where each clinic's events go. */
  listenerFor(clinic: string): FlowListener;
  /** Called as each clinic finishes, so --json can print a line at a time. */
  onOutcome?(outcome: RotationOutcome): void;
  /**
   * Takes this laptop's lock on a clinic for its rotation (the one `rotate <id>` and onboarding take); throws,
   * naming the holder, when another run is changing that clinic.
   */
  lock(clinic: string): { release(): void };
  now?: () => number;
}

interface Candidate {
  clinic: string;
  newest: Credential;
}

/**
 * One clinic's turn: its outcome, and whether another run had the clinic (holding it now, or having rotated it
 * since the listing), so this run did not try it.
 */
interface Attempt {
  outcome: RotationOutcome;
  byOther: boolean;
}

/** The skip of a clinic another `--all` rotated after this run listed it: done, so not a problem. */
export const rotatedElsewhere = 'rotated by another run since this run listed it';

/** The skip of a clinic whose authtoken is newer than --older-than: not due, so not a problem. */
const notDue = 'its authtoken is newer than --older-than';

/** True when every clinic was rotated, or skipped for no problem: not due, or rotated by another run meanwhile. */
export function fleetRotated(outcomes: readonly RotationOutcome[]): boolean {
  const harmless = [notDue, rotatedElsewhere];
  return outcomes.every(
    (o) => o.result === 'rotated' || (o.result === 'skipped' && harmless.includes(o.error?.message ?? '')),
  );
}

/** Rotates every clinic (or those older than a threshold): canaries first, then the rest with bounded concurrency. */
export async function rotateAll(deps: RotateDeps, options: RotateAllOptions): Promise<RotationOutcome[]> {
  const now = options.now?.() ?? Date.now();
  const outcomes: RotationOutcome[] = [];
  const record = (outcome: RotationOutcome) => {
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  };
  const candidates = groupClinics(await listClinicCredentials(deps.api)).sort(
    (a, b) => Date.parse(a.newest.created_at) - Date.parse(b.newest.created_at),
  );
  const due = candidates.filter((c) => {
    const fresh =
      options.olderThanMs !== undefined && now - Date.parse(c.newest.created_at) < options.olderThanMs;
    if (fresh) record(skipped(c, notDue));
    return !fresh;
  });
  const attempt = async (c: Candidate): Promise<Attempt> => {
    if (options.signal.aborted) return { outcome: skipped(c, 'interrupted'), byOther: false };
    let lock: { release(): void };
    try {
      lock = options.lock(c.clinic);
    } catch (error) {
      // Another run (an onboarding, `rotate <id>`, a second `--all`) is changing it: rotating now would race it.
      return { outcome: skipped(c, errorMessage(error), errorHint(error)), byOther: true };
    }
    try {
      if (await rotatedSinceListed(deps, c)) return { outcome: skipped(c, rotatedElsewhere), byOther: true };
      return { outcome: await rotateOne(deps, options, c), byOther: false };
    } finally {
      lock.release();
    }
  };
  const queue = [...due];
  // A clinic another run had proves nothing about rotation, so it does not use up a canary: the next one is one.
  for (let canariesLeft = Math.max(0, options.canary); canariesLeft > 0 && queue.length > 0; ) {
    const canary = queue.shift()!;
    const { outcome, byOther } = await attempt(canary);
    record(outcome);
    if (byOther) continue;
    canariesLeft--;
    if (outcome.result !== 'rotated') {
      for (const rest of queue) {
        record(skipped(rest, `canary ${canary.clinic} was not rotated (${outcome.result}); stopped`));
      }
      return outcomes;
    }
  }
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) record((await attempt(next)).outcome);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  return outcomes;
}

/** Rotates one clinic; one that could not even be inspected is skipped with the reason (preparing changes nothing). */
async function rotateOne(
  deps: RotateDeps,
  options: RotateAllOptions,
  c: Candidate,
): Promise<RotationOutcome> {
  try {
    const identityFile = await options.identityFileFor?.(c.clinic);
    return await rotateClinic(deps, {
      clinic: c.clinic,
      listener: options.listenerFor(c.clinic),
      signal: options.signal,
      ...(identityFile ? { identityFile } : {}),
    });
  } catch (error) {
    return skipped(c, errorMessage(error), errorHint(error));
  }
}

/**
 * True when another run rotated the clinic after this run listed it: a rotation deletes the old credential and
 * leaves one of the next generation, so the listed one answers 404 and the clinic now has a higher generation.
 * A 404 alone is no proof (an orphan or a credential whose tag was edited may have been deleted meanwhile): then
 * the clinic is rotated as usual. Any other failure reads as not rotated: the rotation's own reads then meet it.
 */
async function rotatedSinceListed(deps: RotateDeps, c: Candidate): Promise<boolean> {
  try {
    await deps.api.credentials.get(c.newest.id);
    return false;
  } catch (error) {
    if (!(error instanceof NgrokApiError && error.status === 404)) return false;
  }
  const now = await listClinicCredentials(deps.api, c.clinic);
  return now.some((credential) => generationOf(credential) > generationOf(c.newest));
}

/** One candidate per clinic, represented by its newest credential (the age --older-than compares). */
function groupClinics(credentials: Credential[]): Candidate[] {
  const byClinic = new Map<string, Credential>();
  for (const credential of credentials) {
    const clinic = parseTag(credential.metadata)?.clinic;
    if (!clinic) continue;
    const seen = byClinic.get(clinic);
    if (!seen || generationOf(credential) > generationOf(seen)) byClinic.set(clinic, credential);
  }
  return [...byClinic].map(([clinic, newest]) => ({ clinic, newest }));
}

function skipped(c: Candidate, message: string, hint?: string): RotationOutcome {
  return {
    clinic: c.clinic,
    result: 'skipped',
    old_credential: c.newest.id,
    new_credential: null,
    gap_ms: null,
    error: { message, ...(hint ? { hint } : {}) },
  };
}
