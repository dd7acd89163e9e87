import { formatClinicRecord, readClinicRecord } from '../../source/clinic-record/record.js';
import { ExternalError } from '../../source/errors.js';
import { registerSecret } from '../redact.js';
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

/** Leftovers of an interrupted rotation (credentials no session uses) go first, so nothing stays orphaned. */
export const leftoversStep = rotateStep({
  id: 'rotate.leftovers',
  title: 'Remove unused credentials of an interrupted rotation',
  async plan(ctx) {
    return {
      changes: ctx.leftovers.map((c) => ({
        kind: 'delete' as const,
        subject: `unused credential ${c.id}`,
        id: c.id,
      })),
    };
  },
  async apply(ctx, io) {
    for (const credential of ctx.leftovers) {
      await deleteCredential(ctx, credential.id);
      io.change({ kind: 'delete', subject: `unused credential ${credential.id}`, id: credential.id });
    }
  },
});

/**
 * Make: a new credential with the same owner and ACL, carrying the clinic record one generation on (the rest of
 * the record as it was). Hands it on with its token, which stays in memory.
 */
export const createCredentialStep = rotateStep({
  id: 'rotate.credential',
  title: 'Create the new authtoken',
  async plan(ctx) {
    const acl = ctx.oldCredential.acl.join(', ') || 'none';
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
    const created = await ctx.deps.api.credentials.create({
      description: old.description,
      metadata: formatClinicRecord({ ...record, generation: ctx.generation + 1 }),
      acl: old.acl,
      owner_id: old.owner_id,
    });
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
