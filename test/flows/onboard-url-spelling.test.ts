import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import { runCli } from '../helpers/cli.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

/** The guide's clinic with its URLs written the way people do: capitals, default ports, a trailing slash. */
function respell(answersPath: string): void {
  const answers = parse(readFileSync(answersPath, 'utf8'));
  const [rest, patient] = answers.services;
  rest.internal_url = 'HTTPS://REST-API.Clinic1.internal:443';
  rest.public.url = 'https://API-Clinic1.Clinic-Network.com:443/';
  patient.internal_url = 'tls://Patient-DB.clinic1.internal:443';
  // PostgreSQL on tls:// only when every client opens with TLS (its public endpoint says so).
  patient.public = {
    ...patient.public,
    url: 'TLS://PatientDB-Clinic1.clinic-network.com:443',
    direct_tls: true,
  };
  writeFileSync(answersPath, stringify(answers));
}

// random low: the emulator drops an internal default port it is sent; high: it reports it as sent. Either way
// clinic-tui must recognise its endpoints.
describe.each([
  ['ngrok drops the internal default port', () => 0],
  ['ngrok keeps the internal default port', () => 0.99],
])('an answers file with capitals and default ports, when %s', { timeout: 180_000 }, (_how, random) => {
  let world: OnboardWorld;
  beforeAll(async () => {
    world = await startWorld({ random });
    respell(world.answersPath);
  });
  afterAll(() => world.close());

  it('converges, with every URL spelled as ngrok stores it', async () => {
    const { summary, lines } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    const cloud = world.emulator.state.endpoints.all().filter((endpoint) => endpoint.type === 'cloud');
    expect(cloud.map((endpoint) => endpoint.url).sort()).toEqual([
      'https://api-clinic1.clinic-network.com',
      expect.stringMatching(/^tcp:\/\/[\w.]+:\d+$/),
      'tls://patientdb-clinic1.clinic-network.com',
    ]);
    const hostConfig = parse(readFileSync(join(world.host.root, 'etc/ngrok/ngrok.yml'), 'utf8'));
    expect(hostConfig.endpoints.map((endpoint: { url: string }) => endpoint.url)).toEqual([
      'https://rest-api.clinic1.internal',
      'tls://patient-db.clinic1.internal:443',
      'tcp://operations-database.clinic1.internal:1433',
    ]);
    expect(summary.publicUrls.slice(0, 2)).toEqual([
      'https://api-clinic1.clinic-network.com',
      'tls://patientdb-clinic1.clinic-network.com',
    ]);
  });

  it('plans no changes on a second run and writes nothing', async () => {
    const before = world.emulator.state.requestLog.length;
    const { summary, result } = await onboardInProcess(world);
    expect(summary.result).toBe('converged');
    const changing = result.plans
      .flatMap((plan) => plan.changes)
      .filter((change) => !['none', 'reuse'].includes(change.kind));
    expect(changing).toEqual([]);
    const writes = world.emulator.state.requestLog.slice(before).filter((entry) => entry.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('`fleet --json` shows the clinic healthy, each endpoint online with its cloud endpoint ok', async () => {
    const cli = await runCli(['fleet', '--json'], { env: world.env, timeoutMs: 60_000 });
    expect(cli.code, cli.stderr).toBe(0);
    const [clinic] = JSON.parse(cli.stdout).clinics;
    expect(clinic).toMatchObject({ id: 'clinic1', status: 'healthy' });
    expect(clinic.endpoints).toHaveLength(3);
    for (const endpoint of clinic.endpoints) expect(endpoint).toMatchObject({ online: true, cloud: 'ok' });
  });
});

describe('a cloud endpoint made by hand, listed by ngrok in capitals', { timeout: 180_000 }, () => {
  let world: OnboardWorld;
  beforeAll(async () => {
    // random high: the emulator reports the URL in the capitals it was created with.
    world = await startWorld({ random: () => 0.99 });
  });
  afterAll(() => world.close());

  it('is adopted for the service at that URL, not created a second time', async () => {
    const { state } = world.emulator;
    callRoute(state, 'POST', '/reserved_domains', { domain: '*.clinic-network.com' });
    const handMade = callRoute(state, 'POST', '/endpoints', {
      type: 'cloud',
      url: 'HTTPS://API-Clinic1.clinic-network.com',
      traffic_policy: JSON.stringify({ on_http_request: [{ actions: [{ type: 'deny' }] }] }),
    });
    expect(handMade.url).toBe('HTTPS://API-Clinic1.clinic-network.com');

    const { summary, lines, result } = await onboardInProcess(world, { stage: 'cloud' });

    expect(summary.result, lines.join('\n')).toBe('converged');
    const cloud = state.endpoints.all().filter((endpoint) => endpoint.type === 'cloud');
    expect(cloud).toHaveLength(3);
    expect(state.endpoints.get(handMade.id).metadata).toContain('"role":"cloud-endpoint"');
    const adopted = result.changes.filter((entry) => entry.change.id === handMade.id);
    expect(adopted.map((entry) => entry.change.kind)).toEqual(['update']);
  });
});
