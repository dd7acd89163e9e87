import { describe, expect, it } from 'vitest';
import type { HostConnection } from '../../source/host/connect.js';
import type { HostFacts } from '../../source/host/facts.js';
import { ngrokService } from '../../source/host/ngrok-service.js';

// An ngrok authtoken's shape: a 27-character id, an underscore, 21 random characters.
const olderToken = '2abOlderTokenNobodyRegisteR_0123456789abcdefghXyZ';

/** A host whose config names a log file, and whose agent's log line echoes a token no run registered. */
function hostWithLog(): HostConnection {
  return {
    target: { address: '10.0.0.5', port: 22, user: 'root' },
    hostKeyFingerprint: 'SHA256:test',
    async exec(script) {
      if (script.startsWith('cat '))
        return { code: 0, stdout: 'agent:\n  log: /var/log/ngrok.log\n', stderr: '' };
      if (script.startsWith('tail ')) {
        const line = `t=2026 lvl=eror msg="authentication failed" token=${olderToken} err="ERR_NGROK_107"\n`;
        return { code: 0, stdout: line, stderr: '' };
      }
      return { code: 1, stdout: '', stderr: `unexpected: ${script}` };
    },
    close: async () => undefined,
  };
}

const facts: HostFacts = {
  os: 'linux',
  arch: 'x86_64',
  init: 'systemd',
  ngrokVersion: '3.20.0',
  ngrokPath: '/usr/local/bin/ngrok',
  privilege: 'root',
};

describe("the agent's log lines", () => {
  it('mask anything shaped like a token, not only the secrets this run knows', async () => {
    const logs = await ngrokService(hostWithLog(), facts).logs(10, '/etc/ngrok/ngrok.yml');
    expect(logs).not.toContain(olderToken);
    expect(logs).toContain('token=2ab…XyZ err="ERR_NGROK_107"');
  });
});
