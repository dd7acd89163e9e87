import { setTimeout as sleep } from 'node:timers/promises';
import { ExternalError } from '../../source/errors.js';
import type { ServiceUser } from '../../source/ngrok/types.js';
import { sameUrl } from '../../source/spec/url-normal.js';
import type { StepIO } from '../step.js';
import { cloudEndpointsStep } from './cloud-endpoints.js';
import { type OnboardCtx, onboardStep, openClinicHosts } from './context.js';
import { credentialStep } from './credential.js';
import { canonicalPolicy, desiredEndpoints } from './desired-endpoints.js';
import { addrsOnRecord, type ReservedAddrs, reservedAddrsStep } from './reserved-addrs.js';
import { serviceStep } from './service.js';
import { serviceUserStep } from './service-user.js';
import { type ClinicLook, clinicReader } from './verify-reads.js';

/** What verify expects online: the hosts' credential (when the stage has hosts) and the reserved addresses. */
interface Expected {
  /** Undefined in the cloud stage: no agent is checked. */
  credentialId: string | undefined;
  /** The credential's owner, when known (its agent endpoints are read by it). */
  ownerId: string | undefined;
  addrs: ReservedAddrs;
}

/** One look at the account: what is still missing for this clinic to be converged. */
function missingIn(ctx: OnboardCtx, expected: Expected, look: ClinicLook): string[] {
  const { credentialId } = expected;
  const { endpoints } = look;
  const missing: string[] = [];
  if (credentialId !== undefined) {
    const ours = new Set(
      endpoints.flatMap((endpoint) => {
        const session = endpoint.tunnel_session?.id;
        return session && look.credentialOf(session) === credentialId ? [session] : [];
      }),
    );
    const expected = ctx.spec.standby_host ? 2 : 1;
    if (ours.size < expected)
      missing.push(`${expected - ours.size} of ${expected} agent session(s) with credential ${credentialId}`);
    for (const service of ctx.spec.services) {
      const serving = endpoints.filter(
        (endpoint) =>
          sameUrl(endpoint.url, service.internal_url) &&
          endpoint.tunnel_session &&
          ours.has(endpoint.tunnel_session.id),
      );
      if (serving.length < expected)
        missing.push(`internal endpoint ${service.internal_url} (${serving.length} of ${expected} agents)`);
    }
  }
  for (const desired of desiredEndpoints(ctx.spec, expected.addrs)) {
    const { url } = desired;
    const live = url && endpoints.find((endpoint) => endpoint.type === 'cloud' && sameUrl(endpoint.url, url));
    if (!live) missing.push(`cloud endpoint ${desired.url ?? `for ${desired.service.name}`}`);
    else if (canonicalPolicy(live.traffic_policy) !== canonicalPolicy(desired.policy))
      missing.push(`the expected Traffic Policy on ${desired.url}`);
  }
  return missing;
}

/**
 * The owner of the hosts' credential, whose id is its agent endpoints' principal: a kept credential's own owner,
 * else the service user a new one was made for (as the credential step chose it).
 */
async function agentOwner(
  ctx: OnboardCtx,
  credentialId: string,
  madeFor: ServiceUser | undefined,
): Promise<string | undefined> {
  const known = (await ctx.account.credentials()).find((credential) => credential.id === credentialId);
  return known?.owner_id ?? (madeFor ?? (await ctx.account.serviceUser()))?.id;
}

async function waitUntilConverged(ctx: OnboardCtx, io: StepIO, expected: Expected): Promise<void> {
  const { credentialId, ownerId } = expected;
  const agents = credentialId === undefined ? undefined : { ownerId };
  const read = clinicReader(ctx, { agents, desired: desiredEndpoints(ctx.spec, expected.addrs) });
  const deadline = Date.now() + ctx.verifyTimeoutMs;
  for (;;) {
    const missing = missingIn(ctx, expected, await read());
    if (missing.length === 0) return;
    if (Date.now() >= deadline || io.signal.aborted) {
      const logs = credentialId === undefined ? '' : await agentLogs(ctx);
      throw new ExternalError(
        `Not converged after ${Math.round(ctx.verifyTimeoutMs / 1000)} s; missing: ${missing.join('; ')}.${logs}`,
        'Check the agent log above and the clinic host, then run the same command again.',
      );
    }
    io.status(`waiting for ${missing.join(', ')}`);
    await sleep(ctx.pollMs, undefined, { signal: io.signal }).catch(() => undefined);
  }
}

async function agentLogs(ctx: OnboardCtx): Promise<string> {
  const hosts = await openClinicHosts(ctx);
  const logs = await Promise.all(
    hosts.map((host) => host.logs(10).catch((error: Error) => `(no log: ${error.message})`)),
  );
  return hosts
    .map((host, index) => `\nLast agent log lines on ${host.spec.address}:\n${logs[index]}`)
    .join('');
}

/**
 * Verify: every agent online with this clinic's credential serving every internal endpoint; cloud endpoints as
 * wanted. Hands on the reserved addresses it verified (the account's when the cloud stage ran elsewhere).
 */
export const verifyStep = onboardStep({
  id: 'verify',
  title: 'Verify the clinic is online',
  needs: [serviceStep, cloudEndpointsStep, credentialStep, reservedAddrsStep, serviceUserStep],
  always: true,
  async plan(ctx) {
    const agents = ctx.stage !== 'cloud';
    return {
      changes: [
        {
          kind: 'none',
          subject: agents ? 'agent sessions, internal and cloud endpoints' : 'cloud endpoints',
        },
      ],
    };
  },
  async apply(ctx, io) {
    const addrs = io.optionalOutput(reservedAddrsStep) ?? (await addrsOnRecord(ctx));
    const credentialId = io.optionalOutput(credentialStep)?.id;
    const ownerId = credentialId && (await agentOwner(ctx, credentialId, io.optionalOutput(serviceUserStep)));
    await waitUntilConverged(ctx, io, { credentialId, ownerId: ownerId || undefined, addrs });
    io.status('converged');
    return addrs;
  },
});
