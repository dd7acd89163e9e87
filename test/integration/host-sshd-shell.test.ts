import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectOptions, connectHost } from '../../source/host/connect.js';
import { type HostFacts, probeHost } from '../../source/host/facts.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { ngrokService } from '../../source/host/ngrok-service.js';
import { moveAside, readRemoteConfig, writeFileAtomic } from '../../source/host/write-file.js';
import { type SshdHarness, type SshdOptions, startSshd } from '../helpers/sshd.js';

// Stands in for a login shell that is not POSIX (csh, fish): sshd hands it the command as one string, and it
// cannot parse `$(…)` or `if …` outside single quotes, nor a newline at all (csh's "Unmatched '").
const notPosixShell = `#!/bin/sh
cmd=$SSH_ORIGINAL_COMMAND
case "$cmd" in *"
"*) echo "Unmatched '." >&2; exit 1 ;; esac
bare=$(printf '%s' "$cmd" | sed "s/'[^']*'//g")
case "$bare" in *'$('*|*'if '*) echo 'Illegal variable name.' >&2; exit 1 ;; esac
exec /bin/sh -c "$cmd"
`;

describe('remote commands whatever the login shell, against a real OpenSSH server', {
  timeout: 60_000,
}, () => {
  const harnesses: SshdHarness[] = [];
  let scripts: string;
  beforeAll(() => {
    scripts = mkdtempSync(join(tmpdir(), 'clinic-shell-'));
    chmodSync(scripts, 0o755);
    writeFileSync(join(scripts, 'not-posix-shell'), notPosixShell, { mode: 0o755 });
    // An ngrok whose every command outlasts the tests' short command timeout, as a slow systemd stop would.
    writeFileSync(join(scripts, 'slow-ngrok'), '#!/bin/sh\nsleep 1\n', { mode: 0o755 });
  });
  afterAll(async () => {
    await Promise.all(harnesses.map((sshd) => sshd.stop()));
    rmSync(scripts, { recursive: true, force: true });
  });

  async function connect(options: SshdOptions = {}, extra: Partial<ConnectOptions> = {}) {
    const sshd = await startSshd(options);
    harnesses.push(sshd);
    const knownHostsPath = join(sshd.root, 'known_hosts');
    writeFileSync(knownHostsPath, `${sshd.knownHostsLine}\n`);
    const target = { address: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.keyPath };
    const conn = await connectHost(target, { knownHostsPath, prompter: headlessPrompter, ...extra });
    return { sshd, conn };
  }

  it('a login shell that cannot parse POSIX syntax still probes, writes and reads the config', async () => {
    const { sshd, conn } = await connect({ forceCommand: join(scripts, 'not-posix-shell') });
    try {
      const facts = await probeHost(conn, headlessPrompter);
      expect(facts).toMatchObject({ os: 'linux', privilege: 'sudo', ngrokVersion: expect.any(String) });
      const path = join(sshd.root, 'etc', 'ngrok', 'ngrok.yml');
      const content = "version: 3\n# it's 100% \\ $HOME `x`\n";
      expect((await writeFileAtomic(conn, facts, path, content)).changed).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe(content);
      expect(await readRemoteConfig(conn, facts, path)).toBe(content);
    } finally {
      await conn.close();
    }
  });

  it('a login shell that runs nothing (nologin) is named as such, not taken for Windows', async () => {
    const { sshd, conn } = await connect({ agent: false, forceCommand: '/usr/sbin/nologin' });
    try {
      const probe = probeHost(conn, headlessPrompter);
      await expect(probe).rejects.toThrow(
        `${sshd.user}@127.0.0.1:${sshd.port}: the login shell did not run a POSIX command: This account is currently not available.`,
      );
      await expect(probe).rejects.not.toThrow(/Windows/);
    } finally {
      await conn.close();
    }
  });

  it('a command that outlives the timeout fails, naming its purpose, and the connection stays usable', async () => {
    const { conn } = await connect({ agent: false }, { commandTimeoutMs: 300 });
    try {
      await expect(conn.exec('sleep 30', { purpose: 'the test nap' })).rejects.toThrow(
        'the test nap did not finish within 300 ms, so clinic-tui closed its channel',
      );
      expect((await conn.exec('echo still here')).stdout).toBe('still here\n');
    } finally {
      await conn.close();
    }
  });

  it('a service command is never abandoned on the command timeout; a config check still is', async () => {
    const { conn } = await connect({ agent: false }, { commandTimeoutMs: 300 });
    const facts: HostFacts = {
      os: 'linux',
      arch: 'x86_64',
      init: 'systemd',
      ngrokVersion: '3.22.1',
      ngrokPath: join(scripts, 'slow-ngrok'),
      privilege: 'sudo',
    };
    try {
      const service = ngrokService(conn, facts);
      await expect(service.restart()).resolves.toBeUndefined();
      await expect(service.configCheck('/etc/ngrok/ngrok.yml')).rejects.toThrow(
        'did not finish within 300 ms, so clinic-tui closed its channel (the command may still finish on the host)',
      );
    } finally {
      await conn.close();
    }
  });

  it('a config_path that is a symbolic link is refused with where it points, and nothing changes', async () => {
    const { sshd, conn } = await connect();
    try {
      const facts = await probeHost(conn, headlessPrompter);
      const real = join(sshd.root, 'real-ngrok.yml');
      const link = join(sshd.root, 'ngrok.yml');
      writeFileSync(real, 'version: 3\nagent:\n  authtoken: old\n', { mode: 0o600 });
      symlinkSync(real, link);
      const refusal = `${link} is a symbolic link to ${real}; give the real path as config_path`;

      await expect(writeFileAtomic(conn, facts, link, 'version: 3\n')).rejects.toThrow(refusal);
      await expect(readRemoteConfig(conn, facts, link)).rejects.toThrow(refusal);
      await expect(moveAside(conn, facts, link)).rejects.toThrow(refusal);

      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(real, 'utf8')).toBe('version: 3\nagent:\n  authtoken: old\n');
    } finally {
      await conn.close();
    }
  });
});
