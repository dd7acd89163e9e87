import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHost } from '../../source/host/connect.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { promptTurns, type TakeTurn } from '../../source/host/prompt-turns.js';
import type { HostPrompter } from '../../source/host/prompts.js';
import { sshHostOpener } from '../../source/host/ssh-clinic-host.js';
import { resolveSpecTarget } from '../../source/host/target.js';
import { waitFor } from '../helpers/sandbox-host.js';
import { type SshdHarness, startSshd } from '../helpers/sshd.js';

describe('host questions and login keys against a real OpenSSH server', { timeout: 60_000 }, () => {
  let sshd: SshdHarness;
  let agent: ChildProcess;
  let agentSocket: string;
  const savedSocket = process.env.SSH_AUTH_SOCK;
  const withAgent = (args: string[]) =>
    execFileSync('ssh-add', args, { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });
  const newKey = (name: string) => {
    const path = join(sshd.root, name);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
    return path;
  };

  beforeAll(async () => {
    sshd = await startSshd();
    agentSocket = join(sshd.root, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    await waitFor(() => existsSync(agentSocket));
  });
  afterAll(async () => {
    if (savedSocket === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = savedSocket;
    agent?.kill();
    await sshd?.stop();
  });

  it('a primary and a standby opened at once ask one question at a time, and one confirmed key is recorded once', async () => {
    const knownHostsPath = join(sshd.root, 'known_hosts_turns');
    let open = 0;
    let mostOpen = 0;
    const asked: string[] = [];
    const prompter: HostPrompter = {
      ...headlessPrompter,
      async confirmHostKey(info) {
        asked.push(info.fingerprint);
        mostOpen = Math.max(mostOpen, ++open);
        await new Promise((resolve) => setTimeout(resolve, 200));
        open--;
        return true;
      },
    };
    const openHost = sshHostOpener({ prompter, knownHostsPath, identityFile: sshd.keyPath });
    const spec = {
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      config_path: join(sshd.root, 'etc', 'ngrok', 'ngrok.yml'),
    };
    const signal = new AbortController().signal;
    const hosts = await Promise.all(
      (['primary', 'standby'] as const).map((role) => openHost({ clinic: 'clinic1', role, spec }, signal)),
    );
    await Promise.all(hosts.map((host) => host.close()));

    expect(asked).toEqual([sshd.hostKeyFingerprint]);
    expect(mostOpen).toBe(1);
    expect(readFileSync(knownHostsPath, 'utf8')).toBe(`${sshd.knownHostsLine}\n`);
  });

  it('a question queued behind another host is not asked once its own login has ended', async () => {
    const knownHostsPath = join(sshd.root, 'known_hosts_queued');
    const asked: string[] = [];
    let answer: (trusted: boolean) => void = () => {};
    const prompter: HostPrompter = {
      ...headlessPrompter,
      confirmHostKey(info) {
        // The first question waits for the test's answer; any later one is declined at once.
        if (asked.push(info.fingerprint) > 1) return Promise.resolve(false);
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
    };
    const queue = promptTurns();
    let queued = 0;
    const turn: TakeTurn = (fn) => {
      queued++;
      return queue(fn);
    };
    const target = { address: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.keyPath };
    const first = connectHost(target, { knownHostsPath, prompter, turn });
    // The first host's question is on screen before the second host connects, so the second's waits behind it.
    await waitFor(() => asked.length === 1);
    // Its own known_hosts, so the first host's recorded key does not answer the second's question.
    const stopSecond = new AbortController();
    const second = connectHost(target, {
      knownHostsPath: `${knownHostsPath}_second`,
      prompter,
      turn,
      signal: stopSecond.signal,
    });
    await waitFor(() => queued === 2 && asked.length === 1);

    stopSecond.abort();
    await expect(second).rejects.toThrow('Aborted.');
    answer(true);
    const conn = await first;
    await conn.close();
    // Turns run in order: once this one runs, the aborted host's turn has been taken.
    await queue(async () => undefined);
    expect(asked).toEqual([sshd.hostKeyFingerprint]);
  });

  it('the named identity is offered before an ssh-agent holding more keys than sshd allows tries', async () => {
    for (let i = 0; i < 7; i++) withAgent(['-q', newKey(`stranger_${i}`)]);
    process.env.SSH_AUTH_SOCK = agentSocket;
    const knownHostsPath = join(sshd.root, 'known_hosts_named');
    writeFileSync(knownHostsPath, `${sshd.knownHostsLine}\n`);
    const target = { address: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.keyPath };

    const conn = await connectHost(target, { knownHostsPath, prompter: headlessPrompter });
    expect((await conn.exec('id -un')).stdout.trim()).toBe(sshd.user);
    await conn.close();
  });

  it('IdentitiesOnly yes in ~/.ssh/config leaves ssh-agent out, even when it holds the right key', async () => {
    withAgent(['-D']);
    withAgent(['-q', sshd.keyPath]);
    process.env.SSH_AUTH_SOCK = agentSocket;
    const wrongKey = newKey('not_authorized');
    const sshConfig = join(sshd.root, 'ssh_config');
    writeFileSync(
      sshConfig,
      `Host clinic-alias\n  HostName 127.0.0.1\n  IdentitiesOnly yes\n  IdentityFile ${wrongKey}\n`,
    );
    const knownHostsPath = join(sshd.root, 'known_hosts_only');
    writeFileSync(knownHostsPath, `${sshd.knownHostsLine}\n`);
    const spec = {
      address: 'clinic-alias',
      port: sshd.port,
      user: sshd.user,
      config_path: '/etc/ngrok/ngrok.yml',
    };
    const target = await resolveSpecTarget(spec, sshConfig);

    await expect(connectHost(target, { knownHostsPath, prompter: headlessPrompter })).rejects.toThrow(
      `accepted none of our credentials (tried: ${wrongKey})`,
    );
    // The same host without IdentitiesOnly logs in with the agent's key.
    const conn = await connectHost(
      { ...target, identitiesOnly: false },
      { knownHostsPath, prompter: headlessPrompter },
    );
    await conn.close();
  });

  it('IdentitiesOnly yes still lets ssh-agent sign for the named key, and only for it', async () => {
    withAgent(['-D']);
    withAgent(['-q', sshd.keyPath]);
    process.env.SSH_AUTH_SOCK = agentSocket;
    // Loaded into the agent unlocked, then encrypted on disk: the agent signs, nobody is asked the passphrase.
    const encrypted = newKey('encrypted_in_agent');
    withAgent(['-q', encrypted]);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'secret phrase', '-f', encrypted]);
    // Only the public half on disk, as with 1Password's or Secretive's agent.
    const agentOnly = newKey('agent_only');
    withAgent(['-q', agentOnly]);
    rmSync(agentOnly);
    for (const key of [encrypted, agentOnly]) sshd.authorize(readFileSync(`${key}.pub`, 'utf8'));
    const unauthorized = newKey('in_agent_not_authorized');
    withAgent(['-q', unauthorized]);
    rmSync(unauthorized);
    const knownHostsPath = join(sshd.root, 'known_hosts_agent_only');
    writeFileSync(knownHostsPath, `${sshd.knownHostsLine}\n`);
    const base = { address: '127.0.0.1', port: sshd.port, user: sshd.user, identitiesOnly: true };

    for (const identityFile of [encrypted, `${agentOnly}.pub`]) {
      const conn = await connectHost(
        { ...base, identityFile },
        { knownHostsPath, prompter: headlessPrompter },
      );
      expect((await conn.exec('id -un')).stdout.trim()).toBe(sshd.user);
      await conn.close();
    }
    // The agent also holds the host's authorized key, but IdentitiesOnly hides it: the named key alone is refused.
    const refused = connectHost(
      { ...base, identityFile: `${unauthorized}.pub` },
      { knownHostsPath, prompter: headlessPrompter },
    );
    await expect(refused).rejects.toThrow(
      `accepted none of our credentials (tried: ssh-agent's key for ${unauthorized}.pub)`,
    );
  });

  it('an IdentityFile that is missing is skipped, as OpenSSH does, and named only when nothing logs in', async () => {
    withAgent(['-D']);
    withAgent(['-q', sshd.keyPath]);
    process.env.SSH_AUTH_SOCK = agentSocket;
    const missing = join(sshd.root, 'moved_away');
    const knownHostsPath = join(sshd.root, 'known_hosts_missing');
    writeFileSync(knownHostsPath, `${sshd.knownHostsLine}\n`);
    const target = { address: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: missing };

    const conn = await connectHost(target, { knownHostsPath, prompter: headlessPrompter });
    expect((await conn.exec('id -un')).stdout.trim()).toBe(sshd.user);
    await conn.close();

    withAgent(['-D']);
    await expect(connectHost(target, { knownHostsPath, prompter: headlessPrompter })).rejects.toThrow(
      `accepted none of our credentials (tried: ${missing} (skipped: cannot read it: ENOENT`,
    );
  });
});
