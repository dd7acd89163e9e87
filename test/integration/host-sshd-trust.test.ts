import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHost } from '../../source/host/connect.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import type { HostPrompter } from '../../source/host/prompts.js';
import type { HostTarget } from '../../source/host/target.js';
import { waitFor } from '../helpers/sandbox-host.js';
import { type SshdHarness, startSshd } from '../helpers/sshd.js';

describe('host keys and authentication against a real OpenSSH server', { timeout: 60_000 }, () => {
  let sshd: SshdHarness;
  let target: HostTarget;
  let fileCounter = 0;
  const newKnownHosts = (content?: string) => {
    const path = join(sshd.root, `known_hosts_${++fileCounter}`);
    if (content !== undefined) writeFileSync(path, content);
    return path;
  };
  const tryConnect = async (
    knownHostsPath: string,
    extra: Partial<Parameters<typeof connectHost>[1]> = {},
    to = target,
  ) => {
    const conn = await connectHost(to, { knownHostsPath, prompter: headlessPrompter, ...extra });
    const { stdout } = await conn.exec('id -un');
    await conn.close();
    return stdout.trim();
  };

  beforeAll(async () => {
    sshd = await startSshd();
    target = { address: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.keyPath };
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('headless, an unknown host key is refused with its fingerprint and nothing is recorded', async () => {
    const knownHostsPath = newKnownHosts();
    await expect(tryConnect(knownHostsPath)).rejects.toThrow(
      `the host key of [127.0.0.1]:${sshd.port} is not known: ssh-ed25519 ${sshd.hostKeyFingerprint}`,
    );
    expect(existsSync(knownHostsPath)).toBe(false);
  });

  it('--accept-new-host-key trusts and records the key; the next connection needs no flag', async () => {
    const knownHostsPath = newKnownHosts();
    expect(await tryConnect(knownHostsPath, { acceptNewHostKey: true })).toBe(sshd.user);
    expect(readFileSync(knownHostsPath, 'utf8')).toBe(`${sshd.knownHostsLine}\n`);
    expect(await tryConnect(knownHostsPath)).toBe(sshd.user);
  });

  it('a changed host key is refused even with --accept-new-host-key', async () => {
    const other = join(sshd.root, 'other_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherLine = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const knownHostsPath = newKnownHosts(`[127.0.0.1]:${sshd.port} ${otherLine}\n`);
    await expect(tryConnect(knownHostsPath, { acceptNewHostKey: true })).rejects.toThrow(
      /REMOTE HOST IDENTIFICATION HAS CHANGED/,
    );
    expect(readFileSync(knownHostsPath, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${otherLine}\n`);
  });

  it('a host.host_key pin must match: a wrong pin is refused, the right one is trusted without known_hosts', async () => {
    const wrongPin = `SHA256:${'A'.repeat(43)}`;
    await expect(
      tryConnect(newKnownHosts(), { acceptNewHostKey: true }, { ...target, hostKey: wrongPin }),
    ).rejects.toThrow(/does not match the pinned host.host_key/);
    expect(await tryConnect(newKnownHosts(), {}, { ...target, hostKey: sshd.hostKeyFingerprint })).toBe(
      sshd.user,
    );
  });

  it('hashed known_hosts entries (ssh-keygen -H) are honoured', async () => {
    const knownHostsPath = newKnownHosts(`${sshd.knownHostsLine}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', knownHostsPath]);
    expect(readFileSync(knownHostsPath, 'utf8')).toMatch(/^\|1\|/);
    expect(await tryConnect(knownHostsPath)).toBe(sshd.user);
  });

  it('authenticates with a key held by ssh-agent', async () => {
    const key = join(sshd.root, 'agent_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    sshd.authorize(readFileSync(`${key}.pub`, 'utf8'));
    const socket = join(sshd.root, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    const savedSocket = process.env.SSH_AUTH_SOCK;
    try {
      await waitFor(() => existsSync(socket));
      execFileSync('ssh-add', ['-q', key], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      });
      process.env.SSH_AUTH_SOCK = socket;
      const { identityFile: _none, ...withoutKey } = target;
      expect(await tryConnect(newKnownHosts(`${sshd.knownHostsLine}\n`), {}, withoutKey)).toBe(sshd.user);
    } finally {
      if (savedSocket === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = savedSocket;
      agent.kill();
    }
  });

  it('a passphrase-protected key works once the passphrase is given, and is refused headless', async () => {
    const key = join(sshd.root, 'locked_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-f', key]);
    sshd.authorize(readFileSync(`${key}.pub`, 'utf8'));
    const knownHostsPath = newKnownHosts(`${sshd.knownHostsLine}\n`);
    const asked: string[] = [];
    const prompter: HostPrompter = {
      ...headlessPrompter,
      passphrase: async (path) => {
        asked.push(path);
        return asked.length === 1 ? 'wrong guess' : 'correct horse';
      },
    };
    expect(await tryConnect(knownHostsPath, { prompter }, { ...target, identityFile: key })).toBe(sshd.user);
    expect(asked).toEqual([key, key]);
    await expect(tryConnect(knownHostsPath, {}, { ...target, identityFile: key })).rejects.toThrow(
      /needs a passphrase/,
    );
  });
});
