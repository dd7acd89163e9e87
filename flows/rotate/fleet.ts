import { generationOf, listClinicCredentials } from '../../source/clinic-record/credentials.js';
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
  now?: () => number;
}

interface Candidate {
  clinic: string;
  newest: Credential;
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
    if (fresh) record(skipped(c, 'its authtoken is newer than --older-than'));
    return !fresh;
  });
  const rotate = async (c: Candidate): Promise<RotationOutcome> => {
    if (options.signal.aborted) return skipped(c, 'interrupted');
    try {
      const identityFile = await options.identityFileFor?.(c.clinic);
      return await rotateClinic(deps, {
        clinic: c.clinic,
        listener: options.listenerFor(c.clinic),
        signal: options.signal,
        ...(identityFile ? { identityFile } : {}),
      });
    } catch (error) {
      // Preparing changes nothing, so a clinic that could not even be inspected is skipped, with the reason.
      return skipped(c, errorMessage(error), errorHint(error));
    }
  };
  const canaries = due.slice(0, Math.max(0, options.canary));
  for (const canary of canaries) {
    const outcome = await rotate(canary);
    record(outcome);
    if (outcome.result !== 'rotated') {
      for (const rest of due.slice(canaries.indexOf(canary) + 1)) {
        record(skipped(rest, `canary ${canary.clinic} was not rotated (${outcome.result}); stopped`));
      }
      return outcomes;
    }
  }
  const queue = due.slice(canaries.length);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) record(await rotate(next));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  return outcomes;
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
