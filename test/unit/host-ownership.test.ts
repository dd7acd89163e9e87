import { describe, expect, it } from 'vitest';
import { agentMetadata, configOwner } from '../../source/clinic-record/agent-metadata.js';
import { checkConfigFile, checkService, type OwnershipRules } from '../../source/host/ownership.js';

const configOf = (clinic: string) =>
  `version: 3\nagent:\n  authtoken: 2abSecret\n  metadata: ${JSON.stringify(agentMetadata(clinic, 'cr_1'))}\n`;
const files: Record<string, string> = {
  '/etc/ngrok/ours.yml': configOf('clinic1'),
  '/etc/ngrok/theirs.yml': configOf('clinic2'),
  '/etc/ngrok/hand-made.yml': 'version: 3\nagent:\n  authtoken: 2abSecret\n',
  '/etc/app/settings.yml': 'database:\n  password: hunter2\n',
};
const rules = (takeOver = false): OwnershipRules => ({
  clinic: 'clinic1',
  where: 'tech@10.0.0.5',
  takeOver,
  read: async (path) => files[path],
});
const running = (configPath?: string) => ({
  state: 'running' as const,
  logFiles: [],
  ...(configPath ? { configPath } : {}),
});

describe('whose a host file is', () => {
  it('reads the clinic from agent.metadata, and tells agent configs from other files', () => {
    expect(configOwner(files['/etc/ngrok/ours.yml'])).toEqual({ kind: 'clinic', clinic: 'clinic1' });
    expect(configOwner(files['/etc/ngrok/hand-made.yml'])).toEqual({ kind: 'unnamed' });
    expect(configOwner(files['/etc/app/settings.yml'])).toEqual({ kind: 'not-agent-config' });
    expect(configOwner('root:x:0:0:root:/root:/bin/sh\n')).toEqual({ kind: 'not-agent-config' });
    expect(configOwner(undefined)).toEqual({ kind: 'missing' });
  });
});

describe('the check before a root operation', () => {
  it("passes this clinic's file, and a missing one for a first push or a rerun of offboarding", async () => {
    await expect(checkConfigFile(rules(), '/etc/ngrok/ours.yml', 'update')).resolves.toBeUndefined();
    await expect(checkConfigFile(rules(), '/etc/ngrok/none.yml', 'push')).resolves.toBeUndefined();
    await expect(checkConfigFile(rules(), '/etc/ngrok/none.yml', 'remove')).resolves.toBeUndefined();
    await expect(checkConfigFile(rules(), '/etc/ngrok/none.yml', 'update')).rejects.toThrow(
      '/etc/ngrok/none.yml on tech@10.0.0.5 does not exist',
    );
  });

  it("refuses another clinic's file, unless onboarding takes the host over (never for offboarding)", async () => {
    await expect(checkConfigFile(rules(), '/etc/ngrok/theirs.yml', 'push')).rejects.toThrow(
      "/etc/ngrok/theirs.yml on tech@10.0.0.5 holds clinic2's agent config",
    );
    await expect(checkConfigFile(rules(true), '/etc/ngrok/theirs.yml', 'push')).resolves.toContain(
      'taking over',
    );
    await expect(checkConfigFile(rules(true), '/etc/ngrok/hand-made.yml', 'push')).resolves.toContain(
      'names no clinic',
    );
    await expect(checkConfigFile(rules(true), '/etc/ngrok/theirs.yml', 'remove')).rejects.toThrow(
      "holds clinic2's agent config",
    );
  });

  it('refuses a file that is not an agent config, whatever the flags', async () => {
    await expect(checkConfigFile(rules(true), '/etc/app/settings.yml', 'push')).rejects.toThrow(
      '/etc/app/settings.yml on tech@10.0.0.5 is not an ngrok agent config',
    );
  });

  it('touches the service only when it runs this clinic’s config', async () => {
    await expect(checkService(rules(), running('/etc/ngrok/ours.yml'), 'remove')).resolves.toBeUndefined();
    await expect(
      checkService(rules(), { state: 'not-installed', logFiles: [] }, 'remove'),
    ).resolves.toBeUndefined();
    await expect(checkService(rules(), running('/etc/ngrok/theirs.yml'), 'remove')).rejects.toThrow(
      "the ngrok service on tech@10.0.0.5 runs /etc/ngrok/theirs.yml, which holds clinic2's agent config",
    );
    // A service whose file is gone: ours to point at our file, not ours to uninstall.
    await expect(checkService(rules(), running('/etc/ngrok/gone.yml'), 'update')).resolves.toBeUndefined();
    await expect(checkService(rules(), running('/etc/ngrok/gone.yml'), 'remove')).rejects.toThrow(
      'does not exist',
    );
    await expect(checkService(rules(), running(), 'remove')).rejects.toThrow('cannot find');
  });
});
