import { describe, expect, it } from 'vitest';
import { buildPolicy, policyToApiString } from '../../source/policy/build.js';
import { planProbes } from '../../source/probe/plan.js';
import { insideAllowList, unprobeableReason } from '../../source/probe/targets.js';
import { loadAnswersFile } from '../../source/spec/load.js';

const spec = await loadAnswersFile('assets/examples/clinic1.yml');
const policyOf = (name: string) => {
  const service = spec.services.find((one) => one.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return policyToApiString(buildPolicy(spec, service));
};

describe('planProbes with the policies the product builds', () => {
  it('plans four probes for the guide API: nothing, a wrong header, a malformed and an expired JWT', () => {
    const plan = planProbes('https://api-clinic1.clinic-network.com', policyOf('rest-api'));
    expect(plan.httpProbes).toEqual(['no-credential', 'wrong-header', 'malformed-jwt', 'expired-jwt']);
    expect(plan.header).toBe('Example-Token');
    // the header rule denies with 401; jwt-validation answers 401 to a missing token as documented, and its page
    // names no status for an invalid one, so 403 counts too
    expect(plan.refusalStatuses).toEqual([401, 403]);
    expect(plan.jwt).toEqual({
      issuer: 'https://example.com/issuer',
      audience: 'urn:example:api',
      algorithms: ['RS256', 'ES256'],
    });
  });

  it('plans one silent connection for a tcp service and knows its allow list', () => {
    const plan = planProbes('tcp://1.tcp.ngrok.io:20001', policyOf('patient-db'));
    expect(plan.httpProbes).toEqual([]);
    expect(plan.allowIps).toEqual(['203.0.113.0/24']);
    expect(plan.closesConnections).toBe(true);
  });

  it('reads a YAML policy with a deny that has no status as the documented 403', () => {
    const yaml =
      'on_http_request:\n  - expressions: ["!hasReqHeader(\'x-key\')"]\n    actions: [{type: deny}]\n';
    const plan = planProbes('https://a.example.com', yaml);
    expect(plan.refusalStatuses).toEqual([403]);
    expect(plan.header).toBe('x-key');
    expect(plan.httpProbes).toEqual(['no-credential', 'wrong-header']);
  });
});

describe('planProbes with broken policies', () => {
  it('a policy that only forwards refuses nothing', () => {
    const plan = planProbes(
      'https://a.example.com',
      JSON.stringify({
        on_http_request: [
          { actions: [{ type: 'forward-internal', config: { url: 'https://x.internal:443' } }] },
        ],
      }),
    );
    expect(plan.refusalStatuses).toEqual([]);
    expect(plan.httpProbes).toEqual(['no-credential']);
  });

  it('an unreadable or missing policy is said, and still probed', () => {
    expect(planProbes('https://a.example.com', '{"on_http_request": [,]}').policyProblem).toMatch(
      /cannot be read/,
    );
    const none = planProbes('https://a.example.com', null);
    expect(none.policyProblem).toMatch(/no traffic policy/);
    expect(none.httpProbes).toEqual(['no-credential']);
  });

  it('a tcp policy without restrict-ips closes nothing', () => {
    const plan = planProbes(
      'tcp://1.tcp.ngrok.io:2',
      JSON.stringify({ on_tcp_connect: [{ actions: [{ type: 'forward-internal' }] }] }),
    );
    expect(plan.closesConnections).toBe(false);
    expect(plan.allowIps).toEqual([]);
  });
});

describe('probe targets', () => {
  it('probes only public names on ngrok schemes', () => {
    expect(unprobeableReason('https://api-clinic1.clinic-network.com')).toBeUndefined();
    expect(unprobeableReason('tcp://1.tcp.ngrok.io:20001')).toBeUndefined();
    expect(unprobeableReason('https://127.0.0.1')).toMatch(/IP address/);
    expect(unprobeableReason('https://[::1]:443')).toMatch(/IP address/);
    expect(unprobeableReason('https://localhost')).toMatch(/this laptop/);
    expect(unprobeableReason('https://rest-api.clinic1.internal')).toMatch(/not a public name/);
    expect(unprobeableReason('file:///etc/passwd')).toMatch(/scheme/);
  });

  it('tells an address inside the allow list from one outside', () => {
    expect(insideAllowList('203.0.113.7', ['203.0.113.0/24'])).toBe(true);
    expect(insideAllowList('198.51.100.1', ['203.0.113.0/24'])).toBe(false);
    expect(insideAllowList('::ffff:203.0.113.42', ['203.0.113.42/32'])).toBe(true);
    expect(
      insideAllowList('e680:5791:be4c:5739:d959:7b94:6d54:d4b4', [
        'e680:5791:be4c:5739:d959:7b94:6d54:d4b4/128',
      ]),
    ).toBe(true);
  });
});
