import { Document } from 'yaml';
import type { ClinicSpec, ServiceSpec } from '../spec/schema.js';
import type { AgentConfig, AgentEndpoint } from './types.js';

export type { AgentConfig, AgentEndpoint } from './types.js';

/**
 * Stands in for the authtoken wherever a config is shown before push time (render, review screen). The real token is
 * created during onboarding and goes straight to the host; it is never printed.
 */
export const AUTHTOKEN_PLACEHOLDER = '<AUTHTOKEN CREATED AT PUSH TIME>';

/** Builds the clinic agent's ngrok.yml (v3) from a spec: one internal endpoint per service. */
export function buildAgentConfig(
  spec: ClinicSpec,
  authtoken: string,
  opts: { metadata?: string } = {},
): AgentConfig {
  const agent: AgentConfig['agent'] = { authtoken };
  if (spec.agent.connect_url) agent.connect_url = spec.agent.connect_url;
  if (opts.metadata) agent.metadata = opts.metadata;
  return {
    version: 3,
    agent,
    endpoints: spec.services.map((service) => buildEndpoint(service, spec.agent.pooling)),
  };
}

function buildEndpoint(service: ServiceSpec, pooling: boolean): AgentEndpoint {
  return {
    name: service.name,
    url: service.internal_url,
    ...(service.description ? { description: service.description } : {}),
    ...(pooling ? { pooling_enabled: true as const } : {}),
    upstream: { url: upstreamUrl(service.upstream) },
    ...(service.agent_tls ? { agent_tls_termination: { ...service.agent_tls } } : {}),
  };
}

/** A port (number or digit string) becomes a YAML integer; host:port and URLs pass through unchanged. */
function upstreamUrl(upstream: number | string): number | string {
  if (typeof upstream === 'number') return upstream;
  return /^\d+$/.test(upstream) ? Number(upstream) : upstream;
}

/** Renders an agent config as YAML through the yaml library's document model, so no value can alter the structure. */
export function renderAgentConfig(config: AgentConfig): string {
  const doc = new Document(config);
  return doc.toString({ lineWidth: 0 });
}
