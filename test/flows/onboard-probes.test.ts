import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { StrangerProbes } from '../../flows/onboard/context.js';
import { parseTag } from '../../source/ngrok/tags.js';
import { sandboxDialer } from '../../source/probe/dialers.js';
import { runStrangerProbes } from '../../source/probe/run.js';
import type { ClinicProbeResult } from '../../source/store/probe-results.js';
import { runCli } from '../helpers/cli.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

/** Whether a broken-policy case includes a part. */
const has = (parts: readonly string[], part: string) => parts.includes(part);

/** Probes through the world's sandbox edge, their verdicts kept in memory. */
function probesInto(world: OnboardWorld, kept: Map<string, ClinicProbeResult>): StrangerProbes {
  return {
    dialer: sandboxDialer(world.emulator.url),
    record: async (clinic, summary) => {
      kept.set(clinic, summary);
    },
  };
}

/** The world's cloud endpoint for a service, found by the service in its metadata tag. */
function cloudEndpoint(world: OnboardWorld, service: string) {
  const endpoint = world.emulator.state.endpoints
    .all()
    .find((e) => e.type === 'cloud' && parseTag(String(e.metadata))?.service === service);
  if (!endpoint) throw new Error(`no cloud endpoint for ${service}`);
  return endpoint;
}

// Traffic really flows: cloud endpoints on the sandbox edge, the simulated agent, the sandbox host's services.
describe('stranger probes after onboarding, through the sandbox edge', { timeout: 180_000 }, () => {
  let world: OnboardWorld;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  it('onboarding proves every public endpoint refuses a stranger and keeps the verdicts', async () => {
    const kept = new Map<string, ClinicProbeResult>();
    const { summary, lines } = await onboardInProcess(world, { probes: probesInto(world, kept) });
    expect(summary.result, lines.join('\n')).toBe('converged');
    const verdicts = kept.get('clinic1')?.endpoints.map((endpoint) => [endpoint.name, endpoint.verdict]);
    expect(verdicts).toEqual([
      ['rest-api', 'refused'],
      ['patient-db', 'refused'],
      ['operations-db', 'refused'],
    ]);
    // Each https probe came back with the denying action's status: 401 from the header rule and for a missing JWT
    // (documented), 401 or 403 for an invalid JWT (undocumented, so the edge varies); each tcp stranger was cut off.
    const probes = summary.probes ?? [];
    expect(probes.filter((probe) => probe.url.startsWith('https://')).map((probe) => probe.got)).toEqual([
      'HTTP 401',
      'HTTP 401',
      expect.stringMatching(/^HTTP 40[13]$/),
      expect.stringMatching(/^HTTP 40[13]$/),
    ]);
    expect(probes.filter((probe) => probe.url.startsWith('tcp://'))).toHaveLength(2);
    expect(probes.every((probe) => probe.outcome === 'refused')).toBe(true);
  });

  it('`verify` passes, then catches a tampered policy that lets strangers in (exit 3), and the fleet shows it', async () => {
    const passed = await runCli(['verify', 'clinic1', '--json'], { env: world.env, timeoutMs: 60_000 });
    expect(passed.code, passed.stderr).toBe(0);
    const patientDb = cloudEndpoint(world, 'patient-db');
    // Someone with the account drops the allow list: the endpoint now forwards anyone.
    const forwardOnly = {
      on_tcp_connect: [
        {
          actions: [{ type: 'forward-internal', config: { url: 'tcp://patient-db.clinic1.internal:5432' } }],
        },
      ],
    };
    const patched = await fetch(`${world.emulator.url}/endpoints/${patientDb.id}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${world.apiKey}`,
        'ngrok-version': '2',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ traffic_policy: JSON.stringify(forwardOnly) }),
    });
    expect(patched.status).toBe(200);

    const caught = await runCli(['verify', 'clinic1', '--json'], { env: world.env, timeoutMs: 60_000 });
    expect(caught.code, caught.stderr).toBe(3);
    const last = JSON.parse(caught.stdout.trim().split('\n').at(-1) ?? '{}') as ClinicProbeResult;
    const open = last.endpoints.filter((endpoint) => endpoint.verdict === 'open').map((e) => e.url);
    expect(open).toEqual([patientDb.url]);

    const fleet = await runCli(['fleet', '--once', '--json'], { env: world.env, timeoutMs: 60_000 });
    expect(fleet.code).toBe(3);
    const clinic = (
      JSON.parse(fleet.stdout) as { clinics: { id: string; probe: ClinicProbeResult }[] }
    ).clinics.find((c) => c.id === 'clinic1');
    expect(clinic?.probe.endpoints.find((e) => e.url === patientDb.url)?.verdict).toBe('open');
  });

  it.each([
    ['no check at all: forward only', [], 'open'],
    ['the header rule without the JWT check', ['header'], 'open'],
    ['an allow list this laptop is inside (proves nothing)', ['allow-all'], 'not-provable'],
    ['a deny behind an expression the sandbox does not evaluate', ['unevaluated'], 'not-provable'],
    ['the header rule and the JWT check, as onboarding writes them', ['header', 'jwt'], 'refused'],
  ] as const)('a stranger probe of the REST API with %s', async (_case, parts, verdict) => {
    const restApi = cloudEndpoint(world, 'rest-api');
    const written = JSON.parse(String(restApi.traffic_policy)) as {
      on_http_request: { name?: string; actions: { type: string }[] }[];
    };
    const rule = (type: string) => written.on_http_request.find((r) => r.actions[0]?.type === type);
    const rules = [
      ...(has(parts, 'allow-all')
        ? [{ actions: [{ type: 'restrict-ips', config: { enforce: true, allow: ['0.0.0.0/0', '::/0'] } }] }]
        : []),
      ...(has(parts, 'unevaluated')
        ? [
            {
              expressions: ["req.url.path.startsWith('/')"],
              actions: [{ type: 'deny', config: { status_code: 401 } }],
            },
          ]
        : []),
      ...(has(parts, 'header') ? [rule('deny')] : []),
      ...(has(parts, 'jwt') ? [rule('jwt-validation')] : []),
      rule('forward-internal'),
    ];
    const policy = JSON.stringify({ on_http_request: rules });
    // The account now holds the broken policy (the edge evaluates it at the next request); put it back afterwards.
    restApi.traffic_policy = policy;
    try {
      const { summary } = await runStrangerProbes({
        clinic: 'clinic1',
        endpoints: [{ url: String(restApi.url), name: 'rest-api', trafficPolicy: policy }],
        dialer: sandboxDialer(world.emulator.url),
        signal: new AbortController().signal,
      });
      expect(summary.endpoints.map((endpoint) => endpoint.verdict)).toEqual([verdict]);
    } finally {
      restApi.traffic_policy = JSON.stringify(written);
    }
  });

  it('answers that guard an https service with a header alone converge, and the summary says any header value gets in', async () => {
    const answers = parse(readFileSync(world.answersPath, 'utf8'));
    delete answers.services[0].public.jwt;
    const headerOnly = join(world.stateDir, '..', 'header-only.yml');
    writeFileSync(headerOnly, stringify(answers));
    const kept = new Map<string, ClinicProbeResult>();
    const { summary, lines } = await onboardInProcess(
      { ...world, answersPath: headerOnly },
      { probes: probesInto(world, kept) },
    );
    expect(summary.result, lines.join('\n')).toBe('converged');
    expect(summary.nextSteps.join('\n')).toMatch(
      /A stranger got in at https:\/\/api-clinic1\.clinic-network\.com \(wrong-header: .*\): add a JWT check or an allow list/,
    );
    const wrongHeader = summary.probes?.find((probe) => probe.probe === 'wrong-header');
    expect(wrongHeader?.outcome).toBe('open');
    // The open verdict is kept for the fleet, which shows the clinic as drift until the answers are tightened.
    expect(kept.get('clinic1')?.endpoints.find((e) => e.name === 'rest-api')?.verdict).toBe('open');
  });
});
