import type { ClinicSpec } from '../spec/schema.js';
import { transportReason } from '../spec/transport.js';
import { serviceProtocol } from '../spec/url.js';

/** A sentence render and lint show about an answers file: why an endpoint was chosen, or what is not enforced. */
export interface SpecNote {
  /** The field it is about, such as services[1].internal_url. */
  path: string;
  message: string;
}

/**
 * The notes an answers file earns: each database's endpoint choice, and min_tls on a tls:// service, which ngrok
 * has no documented way to enforce there — the cloud endpoint forwards the TLS stream unopened
 * (https://ngrok.com/docs/endpoints/cloud-endpoints/tls#tls-termination), terminate-tls is documented only where
 * ngrok ends TLS itself (https://ngrok.com/docs/traffic-policy/actions/terminate-tls), and agent_tls_termination has
 * no version setting (https://ngrok.com/docs/agent/config/v3#agent_tls_termination).
 */
export function specNotes(spec: ClinicSpec): SpecNote[] {
  return spec.services.flatMap((service, index) => {
    const notes: SpecNote[] = [];
    const reason = transportReason(service);
    if (reason) notes.push({ path: `services[${index}].internal_url`, message: reason });
    if (service.public?.min_tls && serviceProtocol(service) === 'tls') {
      const end = service.agent_tls
        ? "the agent, whose agent_tls_termination has no documented version setting, so the agent's default applies."
        : 'the upstream, so set the minimum version on that server.';
      notes.push({
        path: `services[${index}].public.min_tls`,
        message: `min_tls is not enforced by ngrok: the tls:// cloud endpoint passes TLS through unopened to ${end}`,
      });
    }
    return notes;
  });
}
