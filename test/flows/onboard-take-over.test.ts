import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configOwner } from '../../source/clinic-record/agent-metadata.js';
import { runCli } from '../helpers/cli.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

// One host, one ngrok service: onboarding a second clinic onto a host that serves another is a decision the
// technician makes out loud (--take-over-host), never a silent replacement.
describe('onboarding a second clinic onto a host that serves another', { timeout: 240_000 }, () => {
  let world: OnboardWorld;
  let clinic2: OnboardWorld;
  const hostConfig = () => readFileSync(join(world.host.root, 'etc/ngrok/ngrok.yml'), 'utf8');
  const clinic2Credentials = () =>
    world.emulator.state.credentials.all().filter((c) => String(c.metadata).includes('"clinic":"clinic2"'));

  beforeAll(async () => {
    world = await startWorld();
    const first = await onboardInProcess(world);
    expect(first.summary.result).toBe('converged');
    const answersPath = join(dirname(world.answersPath), 'clinic2.yml');
    writeFileSync(answersPath, readFileSync(world.answersPath, 'utf8').replaceAll('clinic1', 'clinic2'));
    clinic2 = { ...world, answersPath };
  }, 120_000);
  afterAll(() => world?.close());

  it('is refused before anything changes, naming the file, whose it is and the flag', async () => {
    const before = hostConfig();
    const run = await onboardInProcess(clinic2);
    expect(run.summary.result).toBe('failed');
    expect(run.summary.error?.message).toContain(
      `/etc/ngrok/ngrok.yml on ${world.host.user}@127.0.0.1:${world.host.port} holds clinic1's agent config`,
    );
    expect(run.summary.error?.hint).toContain('--take-over-host');
    expect(hostConfig()).toBe(before);
    expect(clinic2Credentials()).toEqual([]);
  });

  it('headless, the command exits 2 and says which flag takes the host over', async () => {
    const result = await runCli(
      ['onboard', '--answers', clinic2.answersPath, '--yes', '--json', '--known-hosts', world.knownHostsPath],
      { env: world.env, timeoutMs: 110_000 },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(`${result.stdout}\n${result.stderr}`).toContain('--take-over-host');
    expect(configOwner(hostConfig())).toEqual({ kind: 'clinic', clinic: 'clinic1' });
  });

  it('with --take-over-host, the host serves the second clinic', async () => {
    const run = await onboardInProcess(clinic2, { takeOverHost: true });
    expect(run.summary.result, run.lines.join('\n')).toBe('converged');
    expect(configOwner(hostConfig())).toEqual({ kind: 'clinic', clinic: 'clinic2' });
    expect(parse(hostConfig()).agent.authtoken).toBeTypeOf('string');
  });
});
