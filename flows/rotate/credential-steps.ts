import { clinicAcl } from '../../source/clinic-record/ownership.js';
import { formatClinicRecord, readClinicRecord } from '../../source/clinic-record/record.js';
import { ExternalError } from '../../source/errors.js';
import { createOrFind } from '../onboard/create-or-find.js';
import { registerSecret } from '../redact.js';
import type { StepIO } from '../step.js';
import { credentialsOfNextGeneration } from './new-credential.js';
import { observeServing, sessionsOf } from './serving.js';
import { type NewCredential, type RotateCtx, rotateStep } from './types.js';

/** Deletes a credential, treating "already gone" (404) as done so the step can be rerun. */
export async function deleteCredential(ctx: RotateCtx, id: string): Promise<void> {
  try {
    await ctx.deps.api.credentials.delete(id);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
}

/** A credential tagged for the clinic that is not certainly its own, as a change that keeps it. */
function keptChange(clinic: string) {
  return ({ id, why }: { id: string; why: string }) => ({
    kind: 'none' as const,
    subject: `credential tagged for ${clinic}, not deleted: ${why}`,
    id,
  });
}

/**
 * Leftovers of an interrupted rotation (the clinic's own credentials no session uses) go first, so nothing stays
 * orphaned. Other credentials tagged for the clinic are only reported: the tag may have been edited.
 */
export const leftoversStep = rotateStep({
  id: 'rotate.leftovers',
  title: 'Remove unused credentials of an interrupted rotation',
  async plan(ctx) {
    return {
      changes: [
        ...ctx.leftovers.map((c) => ({
          kind: 'delete' as const,
          subject: `unused credential ${c.id}`,
          id: c.id,
        })),
        ...ctx.kept.map(keptChange(ctx.clinic)),
      ],
    };
  },
  // Applied even when only kept ones are planned, so a run confirmed by --yes still reports them.
  always: true,
  async apply(ctx, io) {
    for (const credential of ctx.leftovers) {
      await deleteCredential(ctx, credential.id);
      io.change({ kind: 'delete', subject: `unused credential ${credential.id}`, id: credential.id });
    }
    for (const change of ctx.kept.map(keptChange(ctx.clinic))) io.change(change);
  },
});

/**
 * A credential whose create answer was lost is useless: ngrok shows a token only in that answer
 * (https://ngrok.com/docs/api-reference/credentials/create). Deletes the clinic's own credentials of the new
 * generation and finds nothing, so the create is sent again (onboarding's credential step does the same).
 */
async function deleteLost(ctx: RotateCtx, io: StepIO): Promise<undefined> {
  for (const credential of await credentialsOfNextGeneration(ctx)) {
    await deleteCredential(ctx, credential.id);
    io.change({ kind: 'delete', subject: 'authtoken whose token was lost', id: credential.id });
  }
  return undefined;
}

/**
 * Make: a new credential with the same owner and the clinic's own ACL (never the old one's, which anyone with the
 * API key may have widened), carrying the clinic record one generation on (the rest of the record as it was).
 * Hands it on with its token, which stays in memory.
 */
export const createCredentialStep = rotateStep({
  id: 'rotate.credential',
  title: 'Create the new authtoken',
  async plan(ctx) {
    const acl = clinicAcl(ctx.clinic).join(', ');
    return {
      changes: [
        {
          kind: 'create',
          subject: `credential generation ${ctx.generation + 1} for ${ctx.clinic} (owner ${ctx.ownerId}, ACL ${acl})`,
        },
      ],
    };
  },
  async apply(ctx, io): Promise<NewCredential> {
    const old = ctx.oldCredential;
    // A record that cannot be read leaves only what the rotation knows: the clinic and its generation.
    const record = readClinicRecord(old.metadata) ?? {
      clinic: ctx.clinic,
      generation: ctx.generation,
      endpoints: [],
    };
    const body = {
      description: old.description,
      metadata: formatClinicRecord({ ...record, generation: ctx.generation + 1 }),
      acl: clinicAcl(ctx.clinic),
      owner_id: ctx.ownerId,
    };
    const created = await createOrFind(
      io,
      'the new authtoken',
      () => ctx.deps.api.credentials.create(body),
      () => deleteLost(ctx, io),
    );
    ctx.undo.newCredentialId = created.id;
    if (!created.token)
      throw new ExternalError(`ngrok created credential ${created.id} but returned no token.`);
    registerSecret(created.token);
    io.change({ kind: 'create', subject: `credential generation ${ctx.generation + 1}`, id: created.id });
    return { id: created.id, token: created.token };
  },
});

/** Break: the old credential is deleted and any session still using it is stopped, then proven gone. */
export const revokeStep = rotateStep({
  id: 'rotate.revoke',
  title: 'Delete the old authtoken and stop its sessions',
  async plan(ctx) {
    const { id } = ctx.oldCredential;
    return { changes: [{ kind: 'delete', subject: `old credential ${id}`, id }] };
  },
  async apply(ctx, io) {
    const old = ctx.oldCredential.id;
    await deleteCredential(ctx, old);
    ctx.revoked = true;
    io.change({ kind: 'delete', subject: `old credential ${old}`, id: old });
    const { api, timing } = ctx.deps;
    const deadline = Date.now() + timing.onlineTimeoutMs;
    for (;;) {
      const stale = sessionsOf(await observeServing(api, ctx.ownerId, ctx.config.endpointUrls), old);
      if (stale.length === 0) return;
      if (Date.now() >= deadline) {
        throw new ExternalError(
          `Sessions ${stale.join(', ')} still use the deleted credential ${old}.`,
          'Stop them with the ngrok dashboard (Agents) or rerun `clinic-tui rotate`.',
        );
      }
      io.status(`stopping ${stale.length} session(s) still using ${old}`);
      await Promise.all(stale.map((id) => api.tunnelSessions.stop(id).catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, timing.pollMs));
    }
  },
});
