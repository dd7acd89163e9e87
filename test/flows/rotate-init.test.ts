import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rotateClinic } from '../../flows/rotate/run.js';
import { installedConfigPath } from '../../source/host/init-system.js';
import { hostFile, onboardSandboxClinic, type SandboxClinic } from './rotate-fixture.js';

// rotate-sandbox.test.ts rotates on the default (systemd) sandbox host; this is the same rotation where the agent
// service is a SysV init script, one that someone reinstalled for another copy of the config: a plain restart
// would keep serving the old token, so rotation must put the service back on its own file.
describe('rotating a clinic whose host runs SysV init', () => {
  let clinic: SandboxClinic;
  beforeAll(async () => {
    clinic = await onboardSandboxClinic({ pooled: false, init: 'sysv' });
  }, 60_000);
  afterAll(() => clinic?.close());

  it('reinstalls the init-script service for its config and serves the new token; the old credential is gone', async () => {
    const conn = await clinic.sandbox.connect();
    const moved = await conn.exec(
      'cp /etc/ngrok/ngrok.yml /etc/ngrok.yml && ngrok service stop && ngrok service uninstall && ngrok service install --config /etc/ngrok.yml && ngrok service start',
    );
    await conn.close();
    expect(moved.code, moved.stderr).toBe(0);
    const outcome = await rotateClinic(clinic.deps(), {
      clinic: 'clinic1',
      listener: () => undefined,
      signal: new AbortController().signal,
    });
    expect(outcome).toMatchObject({ result: 'rotated', old_credential: clinic.oldCredentialId });
    const newToken: string = parse(hostFile(clinic, clinic.spec.host.config_path)).agent.authtoken;
    expect(newToken).not.toBe(clinic.oldToken);
    const sessions = clinic.emulator.state.tunnelSessions.all();
    expect(sessions.map((s) => (s.credential as { id: string }).id)).toEqual([outcome.new_credential]);
    expect(installedConfigPath('sysv', hostFile(clinic, 'etc/init.d/ngrok'))).toBe(
      clinic.spec.host.config_path,
    );
    expect(clinic.sandbox.argvLog().join('\n')).not.toContain(newToken);
  }, 60_000);
});
