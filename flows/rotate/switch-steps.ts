import { agentMetadata } from '../../source/clinic-record/agent-metadata.js';
import type { StepIO } from '../step.js';
import { replaceAuthtoken } from './agent-config.js';
import { createCredentialStep } from './credential-steps.js';
import { observeServing, sessionsServingAll, waitUntilServed } from './serving.js';
import { type NewCredential, type RotateCtx, type RotateHost, rotateStep } from './types.js';

/**
 * The switch: the new token goes into each host's ngrok.yml and the service restarts, one host at a time, each
 * time waiting for a session with the new credential serving every endpoint. Whatever served every endpoint
 * before a restart and is still the same session after it (the temporary agent, or the standby host) served
 * throughout, so the gap was zero; otherwise the gap is from the restart to the new session (an upper bound).
 */

function waitForNew(
  ctx: RotateCtx,
  io: StepIO,
  credential: NewCredential,
  accept?: (sessions: string[]) => boolean,
) {
  return waitUntilServed({
    api: ctx.deps.api,
    ownerId: ctx.ownerId,
    urls: ctx.config.endpointUrls,
    credentialId: credential.id,
    timing: ctx.deps.timing,
    signal: io.signal,
    status: (text) => io.status(text),
    ...(accept ? { accept } : {}),
  });
}

/** True for a pooled clinic with one host: it needs the temporary agent (a standby host overlaps by itself). */
export function needsTemporaryAgent(ctx: Pick<RotateCtx, 'config' | 'hosts'>): boolean {
  return ctx.config.pooled && ctx.hosts.length === 1;
}

/**
 * Pooled clinics: start the new agent alongside the old one and wait until it serves every endpoint. Hands on
 * the temporary agent's session.
 */
export const overlapStep = rotateStep({
  id: 'rotate.overlap',
  title: 'Start the new agent alongside the old one (pooling)',
  needs: [createCredentialStep],
  async plan(ctx) {
    if (!needsTemporaryAgent(ctx)) return { changes: [] };
    const subject = `temporary agent on ${ctx.hosts[0]!.spec.address} with the new token`;
    return { changes: [{ kind: 'create', subject }] };
  },
  async apply(ctx, io): Promise<string | undefined> {
    const host = ctx.hosts[0]!;
    const credential = io.output(createCredentialStep);
    io.status('starting a temporary agent with the new token');
    // Recorded first, so a start that fails half-way is still cleaned up by the rollback.
    ctx.undo.temporaryAgent = true;
    await host.remote.startTemporaryAgent(configWith(ctx, host, credential));
    const { sessions } = await waitForNew(ctx, io, credential);
    io.change({ kind: 'create', subject: 'temporary agent', id: sessions[0] });
    return sessions[0];
  },
});

/** Every host gets the new ngrok.yml (atomic, backup kept) and one service restart; hands on the longest gap. */
export const pushStep = rotateStep({
  id: 'rotate.push',
  title: 'Push the new ngrok.yml and restart the service',
  needs: [createCredentialStep, overlapStep],
  async plan(ctx) {
    return {
      changes: ctx.hosts.map((host) => ({
        kind: 'update' as const,
        subject: `${host.configPath} on ${host.spec.address} (authtoken only), then restart the ngrok service`,
      })),
    };
  },
  async apply(ctx, io) {
    const credential = io.output(createCredentialStep);
    let gapMs = 0;
    for (const host of ctx.hosts) gapMs = Math.max(gapMs, await switchHost(ctx, host, credential, io));
    return { gapMs };
  },
});

async function switchHost(
  ctx: RotateCtx,
  host: RotateHost,
  credential: NewCredential,
  io: StepIO,
): Promise<number> {
  io.status(`writing ${host.configPath} on ${host.spec.address}`);
  ctx.undo.pushed.add(host);
  await host.remote.writeConfig(configWith(ctx, host, credential));
  await host.remote.checkConfig();
  const before = sessionsServingAllAnyCredential(await observe(ctx));
  io.status(`restarting the ngrok service on ${host.spec.address}`);
  const restartedAt = Date.now();
  ctx.undo.restarted.add(host);
  await host.remote.restartService();
  const { sessions, seenAt } = await waitForNew(ctx, io, credential, (s) => s.some((id) => !before.has(id)));
  io.change({
    kind: 'update',
    subject: `${host.configPath} on ${host.spec.address}`,
    id: sessions.join(','),
  });
  const after = sessionsServingAllAnyCredential(await observe(ctx));
  const survivor = [...before].some((id) => after.has(id));
  return survivor ? 0 : seenAt - restartedAt;
}

/** Pooled clinics: the service now runs the new token, so the temporary agent goes. */
export const finishOverlapStep = rotateStep({
  id: 'rotate.overlap-end',
  title: 'Stop the temporary agent',
  needs: [createCredentialStep, overlapStep, pushStep],
  async plan(ctx) {
    return { changes: needsTemporaryAgent(ctx) ? [{ kind: 'delete', subject: 'temporary agent' }] : [] };
  },
  async apply(ctx, io) {
    const host = ctx.hosts[0]!;
    const temporary = io.output(overlapStep);
    await host.remote.stopTemporaryAgent();
    ctx.undo.temporaryAgent = false;
    io.change({ kind: 'delete', subject: 'temporary agent', ...(temporary ? { id: temporary } : {}) });
    await waitForNew(ctx, io, io.output(createCredentialStep), (sessions) =>
      sessions.some((id) => id !== temporary),
    );
  },
});

/** The host's own config with only the token (and the credential id in agent.metadata) swapped. */
function configWith(ctx: RotateCtx, host: RotateHost, credential: NewCredential): string {
  return replaceAuthtoken(
    host.oldConfig,
    host.configPath,
    credential.token,
    agentMetadata(ctx.clinic, credential.id),
  );
}

function observe(ctx: RotateCtx) {
  return observeServing(ctx.deps.api, ctx.ownerId, ctx.config.endpointUrls);
}

function sessionsServingAllAnyCredential(serving: Awaited<ReturnType<typeof observe>>): Set<string> {
  const credentials = new Set([...serving.byUrl.values()].flat().map((entry) => entry.credential ?? ''));
  return new Set([...credentials].flatMap((credential) => sessionsServingAll(serving, credential)));
}
