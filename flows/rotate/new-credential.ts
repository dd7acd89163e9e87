import { generationOf, listClinicCredentials } from '../../source/clinic-record/credentials.js';
import { isClinicsOwn } from '../../source/clinic-record/ownership.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { RotateCtx } from './types.js';

/**
 * The credentials this rotation may have made without learning their ids (the create's answer was lost): tagged
 * with the next generation, owned by the clinic's service user and limited to exactly its endpoints, as the create
 * sends them. No credential of the clinic had that generation before (it is one past the highest), and one that
 * only claims it by its tag is never among them.
 */
export async function credentialsOfNextGeneration(ctx: RotateCtx): Promise<Credential[]> {
  return (await listClinicCredentials(ctx.deps.api, ctx.clinic)).filter(
    (credential) =>
      generationOf(credential) === ctx.generation + 1 && isClinicsOwn(credential, ctx.clinic, ctx.ownerId),
  );
}
