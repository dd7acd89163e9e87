import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from '../zod.js';
import { checkedContent, openStore } from './conf-store.js';
import { stateDir } from './paths.js';

/**
 * The last stranger probes of each clinic (`probe-results.json` in the state directory), written by `verify` and by
 * onboarding's verify, read by the fleet. Probes run from this laptop, so only this laptop knows them; like the fleet
 * memory it is a cache: a missing, corrupt or unreadable file reads as "never probed" and never fails a command.
 */

/** What one probe of one public endpoint showed. */
export const probeVerdicts = ['refused', 'open', 'not-provable', 'failed'] as const;
export type ProbeVerdict = (typeof probeVerdicts)[number];

const endpointResultSchema = z.object({
  /** The public URL probed, as the account lists it. */
  url: z.string(),
  /** The clinic service behind it, when known. */
  name: z.optional(z.string()),
  /**
   * refused: every stranger probe was refused; open: some stranger got in; not-provable: nothing was let in but the
   * probes could not prove a refusal (the laptop is inside the allow list, or the sandbox does not evaluate an
   * action); failed: the probe could not run (DNS, timeout).
   */
  verdict: z.enum(probeVerdicts),
  /** One line for a person: what let the stranger in, or why nothing was proven. */
  detail: z.string(),
});
export type EndpointProbeResult = z.output<typeof endpointResultSchema>;

const clinicResultSchema = z.object({
  /** When the probes ran (ISO 8601). */
  at: z.string(),
  endpoints: z.array(endpointResultSchema),
});
export type ClinicProbeResult = z.output<typeof clinicResultSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  clinics: z.record(z.string(), clinicResultSchema),
});

const emptyResults = { version: 1 as const, clinics: {} };
const openResults = (path: string) => openStore(path, fileSchema, emptyResults);

/** The probe results file's path. */
export function probeResultsPath(dir: string = stateDir()): string {
  return join(dir, 'probe-results.json');
}

/** Every clinic's last probe result, keyed by clinic id; throws when the file cannot be read. */
export async function readProbeResults(path: string): Promise<Record<string, ClinicProbeResult>> {
  return checkedContent(await openResults(path), fileSchema, emptyResults).clinics;
}

/**
 * A reader for a loop that reads the file at every turn (the fleet's refreshes), because another run may write it:
 * one stat per read, and the file is parsed (by `parse`, readProbeResults unless a test counts the parses) again
 * only when its inode, size or modification time changed since the last read (a save replaces the file, so it
 * gets a new inode). A missing file reads as never probed; one that could not be read (`parse` threw) reads as
 * never probed this time and is read again at the next turn.
 */
export function probeResultsReader(
  path: string,
  parse: (path: string) => Promise<Record<string, ClinicProbeResult>> = readProbeResults,
): () => Promise<Record<string, ClinicProbeResult>> {
  let stamp: string | undefined;
  let results: Record<string, ClinicProbeResult> = {};
  return async () => {
    const current = await fileStamp(path);
    if (current !== undefined && current === stamp) return results;
    try {
      results = current === undefined ? {} : await parse(path);
      stamp = current;
    } catch {
      results = {};
      stamp = undefined;
    }
    return results;
  };
}

/** What tells one version of the file from another, from one stat; undefined when it cannot be read. */
async function fileStamp(path: string): Promise<string | undefined> {
  try {
    const { ino, size, mtimeNs } = await stat(path, { bigint: true });
    return `${ino}:${size}:${mtimeNs}`;
  } catch {
    return undefined;
  }
}

/** Records one clinic's probe result, replacing its previous one (one atomic write, mode 0600). */
export async function saveProbeResult(
  clinic: string,
  result: ClinicProbeResult,
  path: string = probeResultsPath(),
): Promise<void> {
  const store = await openResults(path);
  store.store = { version: 1, clinics: { ...(store.store.clinics ?? {}), [clinic]: result } };
}
