import { Document } from 'yaml';
import { buildPolicy } from '../policy/build.js';
import { type SpecNote, specNotes } from '../policy/notes.js';
import type { TrafficPolicy } from '../policy/types.js';
import type { ClinicSpec } from '../spec/schema.js';
import { AUTHTOKEN_PLACEHOLDER, buildAgentConfig, renderAgentConfig } from './build.js';
import type { AgentConfig } from './types.js';

/** One public cloud endpoint onboarding would create: its URL (or `reserve`) and its Traffic Policy. */
export interface CloudEndpointPreview {
  service: string;
  /** The public URL, or `reserve` when onboarding reserves a TCP address first. */
  url: string;
  policy: TrafficPolicy;
}

/** Everything onboarding would write for a clinic, with the authtoken as a visible placeholder. */
export interface ClinicPreview {
  agentConfig: AgentConfig;
  agentConfigText: string;
  cloudEndpoints: CloudEndpointPreview[];
  /** Why each database got its endpoint, and what ngrok cannot enforce; one sentence each. */
  notes: SpecNote[];
}

/** Builds the ngrok.yml and every cloud endpoint's policy from a spec, with no token and no API call. */
export function previewClinic(spec: ClinicSpec): ClinicPreview {
  const agentConfig = buildAgentConfig(spec, AUTHTOKEN_PLACEHOLDER);
  return {
    agentConfig,
    agentConfigText: renderAgentConfig(agentConfig),
    cloudEndpoints: spec.services.flatMap((service) =>
      service.public
        ? [{ service: service.name, url: service.public.url, policy: buildPolicy(spec, service) }]
        : [],
    ),
    notes: specNotes(spec),
  };
}

/** The preview as one multi-document YAML stream with a comment heading each document. */
export function formatPreview(spec: ClinicSpec, preview: ClinicPreview): string {
  const header =
    `# ngrok.yml for ${spec.clinic.id} (${spec.host.config_path} on ${spec.host.address}); ` +
    'the authtoken is created when onboarding pushes this file\n' +
    preview.notes.map((note) => `# note (${note.path}): ${note.message}\n`).join('');
  const policies = preview.cloudEndpoints.map((endpoint) => {
    const doc = new Document(endpoint.policy);
    doc.commentBefore = ` Traffic Policy of the cloud endpoint ${describeUrl(endpoint.url)} (service ${endpoint.service})`;
    return `---\n${doc.toString({ lineWidth: 0 })}`;
  });
  return [`${header}${preview.agentConfigText}`, ...policies].join('');
}

/** Human wording for a public URL; `reserve` means the address is only known after onboarding reserves it. */
export function describeUrl(url: string): string {
  return url === 'reserve' ? 'tcp://<reserved TCP address, assigned during onboarding>' : url;
}

/** A file name for a service's policy when the preview is written to a directory. */
export function policyFileName(service: string): string {
  return `${service}.policy.yml`;
}
