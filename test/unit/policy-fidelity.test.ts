import { describe, expect, it } from 'vitest';
import { buildAgentConfig } from '../../source/agent-config/build.js';
import { previewClinic } from '../../source/agent-config/preview.js';
import { buildPolicy } from '../../source/policy/build.js';
import { validatePolicy } from '../../source/policy/validate.js';
import { checkCloudPolicy } from '../../source/sandbox/emulator/policy-check.js';
import { validateSpec } from '../../source/spec/load.js';
import type { ClinicSpec } from '../../source/spec/schema.js';

// Generated policies use only what ngrok documents: header names in the form hasReqHeader wants, and a tls cloud
// endpoint that forwards the TLS stream unopened (ending TLS at the agent when the answers say so).
function clinic(services: Record<string, unknown>[]): ClinicSpec {
  const result = validateSpec({
    version: 1,
    clinic: { id: 'c1', name: 'C1' },
    network: { domain: 'clinic-network.com' },
    services,
    host: { address: '10.0.0.5', user: 'tech' },
  });
  if (!('spec' in result)) throw new Error(JSON.stringify(result.issues));
  return result.spec;
}

const api = (requireHeader: string) =>
  clinic([
    {
      name: 'api',
      internal_url: 'https://api.c1.internal',
      upstream: 8080,
      public: { url: 'https://api-c1.clinic-network.com', require_header: requireHeader },
    },
  ]);

describe('require_header', () => {
  it.each(['X-Clinic-Token', 'x-clinic-token', 'x-CLINIC-Token'])(
    '%s becomes the canonical name hasReqHeader documents',
    (name) => {
      const spec = api(name);
      const [header] = buildPolicy(spec, spec.services[0]!).on_http_request ?? [];
      expect(header?.expressions).toEqual(["!hasReqHeader('X-Clinic-Token')"]);
      expect(header?.actions).toEqual([{ type: 'deny', config: { status_code: 401 } }]);
    },
  );
});

describe('a tls service', () => {
  const files = {
    name: 'files',
    internal_url: 'tls://files.c1.internal:8443',
    upstream: 8443,
    public: { url: 'tls://files-c1.clinic-network.com', min_tls: '1.3', allow_ips: ['203.0.113.0/24'] },
  };

  it('forwards the TLS stream unopened to its internal tls:// endpoint: no terminate-tls', () => {
    const spec = clinic([files]);
    const policy = buildPolicy(spec, spec.services[0]!);
    expect(policy).toEqual({
      on_tcp_connect: [
        {
          name: 'Forward to c1',
          actions: [
            { type: 'restrict-ips', config: { enforce: true, allow: ['203.0.113.0/24'] } },
            { type: 'forward-internal', config: { url: 'tls://files.c1.internal:8443' } },
          ],
        },
      ],
    });
    expect(validatePolicy(policy, { scheme: 'tls', cloud: true })).toEqual([]);
    expect(() => checkCloudPolicy(JSON.stringify(policy), 'tls')).not.toThrow();
  });

  it('says min_tls is not enforced there, rather than pretending', () => {
    const notes = previewClinic(clinic([files])).notes;
    expect(notes).toEqual([
      {
        path: 'services[0].public.min_tls',
        message: expect.stringMatching(
          /^min_tls is not enforced by ngrok: .*passes TLS through unopened to the upstream/,
        ),
      },
    ]);
  });

  it('ends TLS at the agent with agent_tls_termination when agent_tls is given', () => {
    const spec = clinic([
      {
        ...files,
        agent_tls: { server_certificate: '/etc/ngrok/files.crt', server_private_key: '/etc/ngrok/files.key' },
      },
    ]);
    expect(buildAgentConfig(spec, 'token').endpoints[0]).toEqual({
      name: 'files',
      url: 'tls://files.c1.internal:8443',
      upstream: { url: 8443 },
      agent_tls_termination: {
        server_certificate: '/etc/ngrok/files.crt',
        server_private_key: '/etc/ngrok/files.key',
      },
    });
    expect(previewClinic(spec).notes[0]?.message).toContain('the agent');
  });

  it('on https, min_tls still becomes terminate-tls, which ngrok documents there', () => {
    const spec = clinic([
      {
        name: 'api',
        internal_url: 'https://api.c1.internal',
        upstream: 8080,
        public: { url: 'https://api-c1.clinic-network.com', min_tls: '1.3' },
      },
    ]);
    expect(buildPolicy(spec, spec.services[0]!).on_tcp_connect).toEqual([
      { name: 'Minimum TLS version', actions: [{ type: 'terminate-tls', config: { min_version: '1.3' } }] },
    ]);
    expect(previewClinic(spec).notes).toEqual([]);
  });
});
