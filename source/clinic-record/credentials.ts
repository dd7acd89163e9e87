import { parseTag } from '../ngrok/tags.js';
import type { Credential } from '../ngrok/types.js';
import { type ClinicRecord, readClinicRecord } from './record.js';

/** The one API call the listing needs; the ngrok client has it. */
export interface CredentialLister {
  credentials: { list(): AsyncIterable<Credential> };
}

/**
 * Every credential tagged as the agent credential of some clinic (or of one clinic), in the API's order (newest
 * first). The whole list is read and each tag parsed (tags.ts says why no filter narrows it). A tag says only
 * what the metadata claims: ownership.ts judges whether a credential is really the clinic's.
 */
export async function listClinicCredentials(api: CredentialLister, clinic?: string): Promise<Credential[]> {
  const found: Credential[] = [];
  for await (const credential of api.credentials.list()) {
    const tag = parseTag(credential.metadata);
    const ours = tag?.role === 'agent-credential' && !!tag.clinic;
    if (ours && (clinic === undefined || tag.clinic === clinic)) found.push(credential);
  }
  return found;
}

/** The generation of a credential (1 when its record names none, as the first onboardings wrote). */
export function generationOf(credential: Credential): number {
  return readClinicRecord(credential.metadata)?.generation ?? parseTag(credential.metadata)?.generation ?? 1;
}

/** The clinic record on the newest generation of a clinic's credentials that holds a readable one. */
export function newestRecord(credentials: readonly Credential[]): ClinicRecord | undefined {
  const records = credentials.flatMap((credential) => readClinicRecord(credential.metadata) ?? []);
  return records.sort((a, b) => b.generation - a.generation)[0];
}
