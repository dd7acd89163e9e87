import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readClinicRecord } from '../../source/clinic-record/record.js';
import { runCli } from '../helpers/cli.js';
import { type OnboardWorld, offboardInProcess, onboardInProcess, startWorld } from './fixture.js';

function hostConfig(world: OnboardWorld): {
  agent: { authtoken: string; metadata: string };
  endpoints: unknown[];
} {
  return parse(readFileSync(join(world.host.root, 'etc/ngrok/ngrok.yml'), 'utf8'));
}

// The sandbox host runs the simulated agent as a fresh Node process per command, so a run takes seconds, not ms.
describe('onboarding against the emulator and the sandbox host', { timeout: 180_000 }, () => {
  let world: OnboardWorld;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  it('converges from nothing: one of each resource, the ACL, the clinic record, the config on the host', async () => {
    const { summary, lines } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    const counts = world.emulator.state.counts();
    expect(counts).toMatchObject({
      serviceUsers: 1,
      credentials: 1,
      reservedDomains: 1,
      reservedAddrs: 2, // operations-db and patient-db (PostgreSQL) are both on tcp://
      tunnelSessions: 1,
    });
    expect(counts.endpoints).toBe(6); // three cloud endpoints and the agent's three internal ones
    const [credential] = world.emulator.state.credentials.all();
    expect(credential!.acl).toEqual(['bind:*.clinic1.internal']);
    expect(credential!.owner_id).toBe(world.emulator.state.serviceUsers.all()[0]!.id);
    const record = readClinicRecord(credential!.metadata as string);
    expect(record).toMatchObject({ clinic: 'clinic1', name: 'Clinic 1', generation: 1 });
    expect(record?.host).toMatchObject({
      address: '127.0.0.1',
      port: world.host.port,
      host_key: world.host.hostKeyFingerprint,
    });
    expect(JSON.parse(hostConfig(world).agent.metadata).credential).toBe(credential!.id);
    expect(summary.created).toContain(credential!.id);
    expect(summary.dnsRecords.map((record) => record.name)).toEqual([
      '*.clinic-network.com',
      '_acme-challenge.clinic-network.com',
    ]);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      clinic: 'clinic1',
      result: 'converged',
      host: { config_path: '/etc/ngrok/ngrok.yml' },
    });
  });

  it('plans no changes on a second run and creates nothing', async () => {
    const before = world.emulator.state.requestLog.length;
    const { summary, result } = await onboardInProcess(world);
    expect(summary.result).toBe('converged');
    const changing = result.plans
      .flatMap((plan) => plan.changes)
      .filter((c) => !['none', 'reuse'].includes(c.kind));
    expect(changing).toEqual([]);
    expect(summary.created).toEqual([]);
    const writes = world.emulator.state.requestLog.slice(before).filter((entry) => entry.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('`fleet --json` shows the clinic by its name, and the endpoints the clinic record lists', async () => {
    const result = await runCli(['fleet', '--json'], { env: world.env, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    const clinics = JSON.parse(result.stdout).clinics;
    expect(clinics).toHaveLength(1);
    expect(clinics[0]).toMatchObject({ id: 'clinic1', name: 'Clinic 1', status: 'healthy' });
    const addrs = world.emulator.state.reservedAddrs.all().map((reserved) => `tcp://${reserved.addr}`);
    const endpoints: [string, string][] = clinics[0].endpoints.map(
      (endpoint: { name: string; public_url: string }) => [endpoint.name, endpoint.public_url],
    );
    expect(endpoints).toEqual([
      ['operations-db', expect.stringMatching(/^tcp:\/\//)],
      ['patient-db', expect.stringMatching(/^tcp:\/\//)],
      ['rest-api', 'https://api-clinic1.clinic-network.com'],
    ]);
    expect(new Set([endpoints[0]![1], endpoints[1]![1]])).toEqual(new Set(addrs));
    const record = readClinicRecord(world.emulator.state.credentials.all()[0]!.metadata as string);
    expect(record?.endpoints.find((endpoint) => endpoint.name === 'operations-db')?.public_url).toBe(
      endpoints[0]![1],
    );
  });

  it('replaces a lost token: new credential pushed, the orphan deleted after verify', async () => {
    const oldId = world.emulator.state.credentials.all()[0]!.id;
    // The host lost its config (reinstalled disk): the credential exists, but no host holds its token.
    rmSync(join(world.host.root, 'etc/ngrok/ngrok.yml'));
    const { summary, lines } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    const credentials = world.emulator.state.credentials.all();
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.id).not.toBe(oldId);
    expect(JSON.parse(hostConfig(world).agent.metadata).credential).toBe(credentials[0]!.id);
  });

  it('never shows the authtoken: not in output, audit log, state files or host argv', async () => {
    const token = hostConfig(world).agent.authtoken;
    expect(token.length).toBeGreaterThan(20);
    const { lines } = await onboardInProcess(world, { dryRun: true });
    const stateFiles = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? stateFiles(path) : [readFileSync(path, 'utf8')];
      });
    const haystacks = [lines.join('\n'), ...stateFiles(world.stateDir), world.host.argvLog().join('\n')];
    for (const text of haystacks) expect(text).not.toContain(token);
    expect(readFileSync(join(world.stateDir, 'audit.log'), 'utf8')).toContain('"action":"onboard.create"');
  });

  it('offboards from the clinic record alone: service gone, config backed up, everything but the wildcard deleted', async () => {
    const configPath = join(world.host.root, 'etc/ngrok/ngrok.yml');
    const { summary, lines } = await offboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    expect(world.emulator.state.counts()).toMatchObject({
      serviceUsers: 0,
      credentials: 0,
      reservedAddrs: 0,
      endpoints: 0,
      tunnelSessions: 0,
      reservedDomains: 1,
    });
    expect(() => statSync(configPath)).toThrow();
    expect(statSync(`${configPath}.bak`).mode & 0o777).toBe(0o600);
    expect(world.host.argvLog().some((line) => line.includes('service uninstall'))).toBe(true);
  });
});
