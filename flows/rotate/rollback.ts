import type { Flow } from '../step.js';
import { deleteCredential } from './credential-steps.js';
import { credentialsOfNextGeneration } from './new-credential.js';
import { waitUntilServed } from './serving.js';
import { type RotateCtx, rotateStep } from './types.js';

/**
 * Undo, for any failure before the old credential is deleted: the temporary agent goes, each host gets its old
 * ngrok.yml back (and a restart only if it was restarted), the old session is awaited, and only then is the new
 * credential deleted. Steps run in that order and stop at the first failure: deleting the new credential while a
 * host still runs it would cut the clinic off, so a failed restore keeps both credentials and says so. What to
 * undo comes from the forward flow's record (`ctx.undo`, see RollbackRecord), which also covers half-done steps.
 */

const temporaryAgentStep = rotateStep({
  id: 'rollback.overlap',
  title: 'Stop the temporary agent',
  always: true,
  async plan(ctx) {
    return { changes: ctx.undo.temporaryAgent ? [{ kind: 'delete', subject: 'temporary agent' }] : [] };
  },
  async apply(ctx, io) {
    if (!ctx.undo.temporaryAgent) return;
    await ctx.hosts[0]!.remote.stopTemporaryAgent();
    ctx.undo.temporaryAgent = false;
    io.change({ kind: 'delete', subject: 'temporary agent' });
  },
});

const restoreConfigStep = rotateStep({
  id: 'rollback.config',
  title: 'Restore the old ngrok.yml and wait for the old session',
  always: true,
  async plan(ctx) {
    return {
      changes: [...ctx.undo.pushed].map((host) => ({
        kind: 'update' as const,
        subject: `${host.configPath} on ${host.spec.address} (old token)`,
      })),
    };
  },
  async apply(ctx, io) {
    const { pushed, restarted } = ctx.undo;
    for (const host of ctx.hosts.filter((h) => pushed.has(h))) {
      io.status(`restoring ${host.configPath} on ${host.spec.address}`);
      await host.remote.writeConfig(host.oldConfig);
      pushed.delete(host);
      if (restarted.has(host)) await host.remote.restartService();
      restarted.delete(host);
      io.change({ kind: 'update', subject: `${host.configPath} on ${host.spec.address} (old token)` });
    }
    if (!ctx.wasOnline) return;
    await waitUntilServed({
      api: ctx.deps.api,
      ownerId: ctx.ownerId,
      urls: ctx.config.endpointUrls,
      credentialId: ctx.oldCredential.id,
      timing: ctx.deps.timing,
      signal: io.signal,
      status: (text) => io.status(text),
    });
  },
});

const deleteNewCredentialStep = rotateStep({
  id: 'rollback.credential',
  title: 'Delete the new authtoken',
  always: true,
  async plan(ctx) {
    const id = ctx.undo.newCredentialId;
    return { changes: [{ kind: 'delete', subject: 'the new credential, if it was created', id }] };
  },
  async apply(ctx, io) {
    for (const id of await newCredentialIds(ctx)) {
      await deleteCredential(ctx, id);
      io.change({ kind: 'delete', subject: 'new credential', id });
    }
    ctx.undo.newCredentialId = undefined;
  },
});

/**
 * The new credential's id, or, when the create's answer was lost (it may exist without us knowing its id), the
 * clinic's own credentials of the new generation.
 */
async function newCredentialIds(ctx: RotateCtx): Promise<string[]> {
  if (ctx.undo.newCredentialId) return [ctx.undo.newCredentialId];
  return (await credentialsOfNextGeneration(ctx)).map((credential) => credential.id);
}

/** The rollback, as a flow the same runner and renderers show. */
export const rollbackFlow: Flow<RotateCtx> = {
  id: 'rotate-rollback',
  title: 'Roll back: the clinic goes back to its old authtoken',
  steps: [temporaryAgentStep, restoreConfigStep, deleteNewCredentialStep],
};
