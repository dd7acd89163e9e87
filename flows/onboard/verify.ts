import { setTimeout as sleep } from 'node:timers/promises';
import { ExternalError } from '../../source/errors.js';
import { collect } from '../../source/ngrok/client.js';
import { hasTag } from '../../source/ngrok/tags.js';
import { internalTarget } from '../../source/policy/build.js';
import type { Step, StepIO } from '../step.js';
import type { OnboardCtx } from './context.js';
import { credentialDecision } from './credential-decision.js';
import { canonicalPolicy, desiredEndpoints } from './desired-endpoints.js';

/** One look at the account: what is still missing for this clinic to be converged. */
async function missingNow(ctx: OnboardCtx, checkAgents: boolean): Promise<string[]> {
  const [sessions, endpoints] = await Promise.all([
    checkAgents ? collect(ctx.api.tunnelSessions.list()) : Promise.resolve([]),
    collect(ctx.api.endpoints.list()),
  ]);
  const missing: string[] = [];
  if (checkAgents) {
    const credentialId = ctx.state.credential?.id;
    const ours = new Set(
      sessions.filter((session) => session.credential?.id === credentialId).map((s) => s.id),
    );
    const expected = ctx.spec.standby_host ? 2 : 1;
    if (ours.size < expected)
      missing.push(`${expected - ours.size} of ${expected} agent session(s) with credential ${credentialId}`);
    for (const service of ctx.spec.services) {
      const target = internalTarget(service);
      const serving = endpoints.filter(
        (endpoint) =>
          sameInternal(endpoint.url, target) &&
          endpoint.tunnel_session &&
          ours.has(endpoint.tunnel_session.id),
      );
      if (serving.length < expected)
        missing.push(`internal endpoint ${service.internal_url} (${serving.length} of ${expected} agents)`);
    }
  }
  for (const desired of desiredEndpoints(ctx)) {
    const live = endpoints.find((endpoint) => endpoint.type === 'cloud' && endpoint.url === desired.url);
    if (!live) missing.push(`cloud endpoint ${desired.url ?? `for ${desired.service.name}`}`);
    else if (canonicalPolicy(live.traffic_policy) !== canonicalPolicy(desired.policy))
      missing.push(`the expected Traffic Policy on ${desired.url}`);
  }
  return missing;
}

function sameInternal(url: string, target: string): boolean {
  try {
    return internalTarget({ internal_url: url }) === target;
  } catch {
    return false;
  }
}

/** Fills in reserved TCP addresses when the cloud stage did not run in this process (--stage host). */
async function knowAddrs(ctx: OnboardCtx): Promise<void> {
  if (!ctx.spec.services.some((service) => service.public?.url === 'reserve')) return;
  for (const addr of await ctx.account.reservedAddrs()) {
    const service = ctx.spec.services.find((entry) =>
      hasTag(addr.metadata, { clinic: ctx.spec.clinic.id, role: 'reserved-addr', service: entry.name }),
    );
    if (service && !ctx.state.addrs.has(service.name)) ctx.state.addrs.set(service.name, addr.addr);
  }
}

async function waitUntilConverged(ctx: OnboardCtx, io: StepIO, checkAgents: boolean): Promise<void> {
  const deadline = Date.now() + ctx.verifyTimeoutMs;
  for (;;) {
    const missing = await missingNow(ctx, checkAgents);
    if (missing.length === 0) return;
    if (Date.now() >= deadline || io.signal.aborted) {
      const logs = checkAgents ? await agentLogs(ctx) : '';
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
  const { hosts } = await credentialDecision(ctx);
  const logs = await Promise.all(
    hosts.map((host) => host.logs(10).catch((error: Error) => `(no log: ${error.message})`)),
  );
  return hosts
    .map((host, index) => `\nLast agent log lines on ${host.spec.address}:\n${logs[index]}`)
    .join('');
}

/** Verify: every agent online with this clinic's credential serving every internal endpoint; cloud endpoints as wanted. */
export const verifyStep: Step<OnboardCtx> = {
  id: 'verify',
  title: 'Verify the clinic is online',
  needs: ['host.service', 'cloud.endpoints'],
  always: true,
  async plan(ctx) {
    const agents = ctx.stage !== 'cloud';
    return [
      { kind: 'none', subject: agents ? 'agent sessions, internal and cloud endpoints' : 'cloud endpoints' },
    ];
  },
  async apply(ctx, io) {
    await knowAddrs(ctx);
    await waitUntilConverged(ctx, io, ctx.stage !== 'cloud');
    io.status('converged');
  },
};
