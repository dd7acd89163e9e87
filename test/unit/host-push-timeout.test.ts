import { describe, expect, it } from 'vitest';
import type { HostConnection } from '../../source/host/connect.js';
import { CommandTimeoutError, type ExecOptions } from '../../source/host/exec.js';
import type { HostFacts } from '../../source/host/facts.js';
import { pushConfigAndRestart } from '../../source/host/push.js';

const facts: HostFacts = {
  os: 'linux',
  arch: 'x86_64',
  init: 'systemd',
  ngrokVersion: '3.20.0',
  ngrokPath: '/usr/local/bin/ngrok',
  privilege: 'root',
};
const unit = '/etc/systemd/system/ngrok.service';

/**
 * A systemd host whose service runs another config, so the push reinstalls it; backing up the unit (a timed
 * command) is abandoned on the timeout. Records every script it was asked to run.
 */
function slowHost(ran: string[]): HostConnection {
  return {
    target: { address: 'clinic.example.org', port: 2222, user: 'tech' },
    hostKeyFingerprint: 'SHA256:test',
    async exec(script: string, opts: ExecOptions = {}) {
      ran.push(script);
      if (script.includes('config check')) return { code: 0, stdout: '', stderr: '' };
      if (script.startsWith(`f=${unit}`)) {
        const definition = '[Service]\nExecStart=/usr/local/bin/ngrok service run --config /etc/old.yml\n';
        return { code: 0, stdout: `state=running\npath=${unit}\n${definition}`, stderr: '' };
      }
      if (script.includes('mktemp "$dir/.clinic-tui.'))
        return { code: 0, stdout: 'backup\nchanged\n', stderr: '' };
      if (script.startsWith('cp ') && script.includes(unit) && !opts.untimed) {
        throw new CommandTimeoutError(`backing up ${unit} did not finish within 120 s`);
      }
      return { code: 0, stdout: '', stderr: '' };
    },
    close: async () => undefined,
  };
}

describe('a push whose step is abandoned on the timeout', () => {
  it('rolls back as after any failure: the abandoned copy of the unit is nothing the rollback touches', async () => {
    const ran: string[] = [];
    const push = pushConfigAndRestart(slowHost(ran), facts, '/etc/ngrok/ngrok.yml', 'version: 3\n');
    await expect(push).rejects.toThrow(
      `backing up ${unit} did not finish within 120 s. The previous config and service were restored.`,
    );
    const afterBackup = ran.slice(ran.findIndex((script) => script.startsWith('cp ')) + 1).join('\n');
    // ngrok.yml put back, and the service installed again for its own config and started (it was running).
    expect(afterBackup).toContain("cp -p '/etc/ngrok/ngrok.yml.bak' '/etc/ngrok/ngrok.yml'.restore");
    expect(afterBackup).toContain("service install --config '/etc/old.yml'");
    expect(afterBackup).toContain('service start');
  });
});
