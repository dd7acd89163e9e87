import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connectHost } from '../../source/host/connect.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { type OnboardWorld, offboardInProcess, onboardInProcess, startWorld } from './fixture.js';

const definitions = { systemd: 'etc/systemd/system/ngrok.service', sysv: 'etc/init.d/ngrok' } as const;

// Onboarding and offboarding end to end on hosts whose agent service lives under systemd or SysV init.
describe.each(['systemd', 'sysv'] as const)('onboarding a %s host', { timeout: 180_000 }, (init) => {
  let world: OnboardWorld;
  const definition = () => readFileSync(join(world.host.root, definitions[init]), 'utf8');
  const tunnelCredential = () =>
    world.emulator.state.tunnelSessions.all().map((s) => (s.credential as { id: string }).id);
  beforeAll(async () => {
    world = await startWorld({ init });
  });
  afterAll(() => world.close());

  it('converges from nothing: the service installed for the pushed config and the agent online', async () => {
    const { summary, lines } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    expect(definition()).toContain('/etc/ngrok/ngrok.yml');
    expect(tunnelCredential()).toEqual([world.emulator.state.credentials.all()[0]!.id]);
    expect(world.host.argvLog().some((line) => line.includes('service status'))).toBe(false);
  });

  it('a service someone reinstalled for another file is planned as a reinstall and put back on ours', async () => {
    const moved = await runOnHost(
      world,
      'cp /etc/ngrok/ngrok.yml /etc/ngrok.yml && ngrok service stop && ngrok service uninstall && ngrok service install --config /etc/ngrok.yml && ngrok service start',
    );
    expect(moved, 'moving the service aside').toBe(0);
    expect(definition()).toContain('/etc/ngrok.yml');
    const { summary, lines, result } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    const serviceChanges = result.plans.find((plan) => plan.id === 'host.service')!.changes;
    expect(serviceChanges.map((change) => change.subject)).toEqual([
      expect.stringMatching(/ngrok service on 127\.0\.0\.1 \(primary\): reinstall$/),
    ]);
    expect(definition()).toContain('/etc/ngrok/ngrok.yml');
    expect(definition()).not.toMatch(/--config"? "?\/etc\/ngrok\.yml/);
    expect(existsSync(join(world.host.root, `${definitions[init]}.bak`))).toBe(true);
    expect(world.emulator.state.credentials.all()).toHaveLength(1);
  });

  it('offboards: service stopped and its definition gone, config backed up, account emptied', async () => {
    const token = parse(readFileSync(join(world.host.root, 'etc/ngrok/ngrok.yml'), 'utf8')).agent.authtoken;
    const { summary, lines } = await offboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    expect(existsSync(join(world.host.root, definitions[init]))).toBe(false);
    expect(world.emulator.state.counts()).toMatchObject({ credentials: 0, tunnelSessions: 0, endpoints: 0 });
    expect(existsSync(join(world.host.root, 'etc/ngrok/ngrok.yml.bak'))).toBe(true);
    expect(lines.join('\n')).not.toContain(token);
  });
});

/** Runs a command on the sandbox host as its login user (the simulated agent needs no root there). */
async function runOnHost(world: OnboardWorld, command: string): Promise<number> {
  const conn = await connectHost(
    {
      address: '127.0.0.1',
      port: world.host.port,
      user: world.host.user,
      identityFile: world.host.clientKeyPath,
    },
    { knownHostsPath: world.knownHostsPath, prompter: headlessPrompter },
  );
  try {
    return (await conn.exec(command)).code;
  } finally {
    await conn.close();
  }
}
