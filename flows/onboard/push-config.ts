import {
  AUTHTOKEN_PLACEHOLDER,
  buildAgentConfig,
  renderAgentConfig,
} from '../../source/agent-config/build.js';
import { diffAgentConfig } from '../../source/agent-config/diff.js';
import { agentMetadata } from '../../source/clinic-record/agent-metadata.js';
import type { ClinicHost } from '../../source/host/clinic-host.js';
import { allSettled } from '../all-settled.js';
import type { Change } from '../step.js';
import { type OnboardCtx, onboardStep, openClinicHosts } from './context.js';
import { credentialStep } from './credential.js';

/** The ngrok.yml for this clinic holding the given credential (placeholders before it exists). */
export function renderClinicConfig(ctx: OnboardCtx, credential?: { id: string; token: string }): string {
  const id = credential?.id ?? 'cr_<created at push time>';
  const config = buildAgentConfig(ctx.spec, credential?.token ?? AUTHTOKEN_PLACEHOLDER, {
    metadata: agentMetadata(ctx.spec.clinic.id, id),
  });
  return renderAgentConfig(config);
}

/** What pushing ngrok.yml did to the hosts' service. */
export type PushOutcome = 'installed' | 'restarted' | 'unchanged';

function subject(host: ClinicHost): string {
  return `${host.spec.config_path} on ${host.spec.address} (${host.role})`;
}

/**
 * Guide steps 3–4: render ngrok.yml and push it to every host (config check, atomic write, service restart).
 * Hands on what the push did to the service, for the summary: `unchanged` when every host already runs it.
 */
export const pushConfigStep = onboardStep({
  id: 'host.config',
  title: 'Agent config on the host',
  needs: [credentialStep],
  async plan(ctx, io) {
    const [hosts, kept] = await Promise.all([openClinicHosts(ctx), io.planned(credentialStep)]);
    const wanted = renderClinicConfig(ctx, kept);
    // Refused here, before anything changes, when the host's file or service is not this clinic's to replace.
    const takeOvers = await Promise.all(hosts.map((host) => host.checkOwnership('push')));
    const current = await Promise.all(hosts.map((host) => host.readConfig()));
    const changes = hosts.map((host, index): Change => {
      const text = current[index];
      const taking = takeOvers[index] ? ` (${takeOvers[index]})` : '';
      if (text === undefined)
        return { kind: 'create', subject: subject(host) + taking, detail: diffAgentConfig('', wanted) };
      if (text.trim() === wanted.trim()) return { kind: 'none', subject: subject(host) };
      return { kind: 'update', subject: subject(host) + taking, detail: diffAgentConfig(text, wanted) };
    });
    return { changes, output: 'unchanged' as PushOutcome };
  },
  async apply(ctx, io) {
    const wanted = renderClinicConfig(ctx, io.output(credentialStep));
    let service: PushOutcome = 'unchanged';
    await allSettled(
      (await openClinicHosts(ctx)).map(async (host) => {
        // Read again: the plan's copy is not kept, and a host already right needs no restart.
        const current = await host.readConfig();
        if (current?.trim() === wanted.trim()) return;
        const result = await host.pushConfig(wanted, (text) => io.status(`${host.role}: ${text}`));
        service = result.service;
        io.change({ kind: current === undefined ? 'create' : 'update', subject: subject(host) });
      }),
    );
    return service;
  },
});
