import { parseTag } from '../ngrok/tags.js';
import type { Credential } from '../ngrok/types.js';

/**
 * Which clinic a credential belongs to, judged from what the account says about it. Anyone with the API key can
 * edit a credential's metadata and ACL (https://ngrok.com/docs/api-reference/credentials/update) and rename a
 * service user, but not a credential's owner: so a tag alone never makes a credential this clinic's to delete.
 */

/** The ACL every clinic credential gets: bind only the clinic's own internal endpoints. */
export function clinicAcl(clinicId: string): string[] {
  return [`bind:*.${clinicId}.internal`];
}

/** True when the ACL is exactly the clinic's own (clinicAcl), no rule more or less. */
export function hasClinicAcl(credential: Pick<Credential, 'acl'>, clinicId: string): boolean {
  const [rule, ...more] = credential.acl;
  return more.length === 0 && rule === clinicAcl(clinicId)[0];
}

/** The clinics an ACL's bind rules name (`bind:*.clinic3.internal` names clinic3). */
function aclClinics(acl: readonly string[]): string[] {
  return acl.flatMap((rule) => /^bind:(?:.*\.)?([^.]+)\.internal$/.exec(rule)?.[1] ?? []);
}

/** Another clinic the credential's tag or ACL names, if any: such a credential is never this clinic's to remove. */
export function otherClinicNamed(credential: Credential, clinicId: string): string | undefined {
  const tagged = parseTag(credential.metadata)?.clinic;
  if (tagged !== undefined && tagged !== clinicId) return tagged;
  return aclClinics(credential.acl).find((named) => named !== clinicId);
}

/**
 * True when a credential is certainly this clinic's: owned by its service user (an owner cannot be changed) and
 * limited to exactly its endpoints. Only such a credential is removed as a leftover or orphan.
 */
export function isClinicsOwn(credential: Credential, clinicId: string, ownerId: string | undefined): boolean {
  return ownerId !== undefined && credential.owner_id === ownerId && hasClinicAcl(credential, clinicId);
}

/**
 * How a credential's ACL differs from the clinic's, in words; undefined when it is exactly the clinic's. An empty
 * ACL lets an authtoken bind anything (https://ngrok.com/docs/api-reference/credentials/create).
 */
export function aclDifference(
  credential: Pick<Credential, 'id' | 'acl'>,
  clinicId: string,
): string | undefined {
  if (hasClinicAcl(credential, clinicId)) return undefined;
  const want = clinicAcl(clinicId)[0];
  const has =
    credential.acl.length === 0 ? 'no ACL (it may bind any endpoint)' : `ACL ${credential.acl.join(', ')}`;
  return `credential ${credential.id} has ${has}, not ${want}`;
}

/** Why a credential tagged for this clinic is left alone, for the plan; undefined when it is the clinic's own. */
export function whyNotOwn(
  credential: Credential,
  clinicId: string,
  ownerId: string | undefined,
): string | undefined {
  const other = otherClinicNamed(credential, clinicId);
  if (other !== undefined) return `it names ${other}`;
  if (ownerId === undefined || credential.owner_id !== ownerId)
    return `its owner ${credential.owner_id ?? '(none)'} is not the clinic's service user`;
  return aclDifference(credential, clinicId);
}

/** A credential naming another clinic, and that clinic: its owner is that clinic's service user, whatever its name. */
export interface ForeignCredential {
  credential: Credential;
  clinic: string;
}

/**
 * The first of a service user's credentials whose tag or ACL names another clinic, if any. A service user's name is
 * editable (https://ngrok.com/docs/api-reference/service-users) but a credential's owner is not, so a user
 * owning one is never this clinic's, whatever it is named.
 */
export function foreignCredential(
  owned: readonly Credential[],
  clinicId: string,
): ForeignCredential | undefined {
  for (const credential of owned) {
    const clinic = otherClinicNamed(credential, clinicId);
    if (clinic !== undefined) return { credential, clinic };
  }
  return undefined;
}
