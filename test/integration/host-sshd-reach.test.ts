import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, exitCodeFor } from '../../source/errors.js';
import { connectHost } from '../../source/host/connect.js';
import { runDoctor } from '../../source/host/doctor.js';
import { probeHost } from '../../source/host/facts.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { sshHostOpener } from '../../source/host/ssh-clinic-host.js';
import { type HostTarget, parseHostArg } from '../../source/host/target.js';
import { runCli } from '../helpers/cli.js';
import { type SshdHarness, startSshd } from '../helpers/sshd.js';

/** A TCP port that accepts and then says `greeting` (or nothing), standing in for a wrong port or a dead host. */
async function startFakeService(greeting?: string): Promise<{ port: number; close(): void }> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => {});
    if (greeting) socket.end(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      server.close();
    },
  };
}

async function closedPort(): Promise<number> {
  const service = await startFakeService();
  service.close();
  return service.port;
}

describe('reaching a clinic host: jump host, failures, no agent (real OpenSSH)', { timeout: 60_000 }, () => {
  let clinic: SshdHarness;
  let bastion: SshdHarness;
  let home: string;
  let sshConfigPath: string;
  let fileCounter = 0;
  const knownHosts = () => join(home, `known_hosts_${++fileCounter}`);
  const direct = (port: number, extra: Partial<HostTarget> = {}): HostTarget => ({
    address: '127.0.0.1',
    port,
    user: clinic.user,
    identityFile: clinic.keyPath,
    ...extra,
  });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => new Error('expected a failure'),
      (error: Error) => error,
    );

  beforeAll(async () => {
    [clinic, bastion] = await Promise.all([
      startSshd(),
      // The bastion has no ngrok on the login PATH, so it doubles as the "agent missing" host.
      startSshd({ agent: false, logLevel: 'DEBUG1' }),
    ]);
    home = join(clinic.root, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    sshConfigPath = join(home, '.ssh', 'config');
    writeFileSync(
      sshConfigPath,
      [
        'Host clinic-behind',
        '  HostName 127.0.0.1',
        `  Port ${clinic.port}`,
        `  User ${clinic.user}`,
        `  IdentityFile ${clinic.keyPath}`,
        '  ProxyJump bastion',
        'Host clinic-unreachable',
        '  HostName 127.0.0.1',
        `  Port ${await closedPort()}`,
        `  User ${clinic.user}`,
        `  IdentityFile ${clinic.keyPath}`,
        '  ProxyJump bastion',
        'Host bastion',
        '  HostName 127.0.0.1',
        `  Port ${bastion.port}`,
        `  User ${bastion.user}`,
        `  IdentityFile ${bastion.keyPath}`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await Promise.all([clinic?.stop(), bastion?.stop()]);
  });

  it('a ~/.ssh/config alias with ProxyJump goes through the bastion, verifying and recording both host keys', async () => {
    const target = await parseHostArg('clinic-behind', sshConfigPath);
    expect(target.proxyJump).toMatchObject({ port: bastion.port, identityFile: bastion.keyPath });
    const knownHostsPath = knownHosts();
    const conn = await connectHost(target, {
      knownHostsPath,
      prompter: headlessPrompter,
      acceptNewHostKey: true,
    });
    expect((await conn.exec('id -un')).stdout.trim()).toBe(clinic.user);
    expect(conn.hostKeyFingerprint).toBe(clinic.hostKeyFingerprint);
    await conn.close();
    expect(readFileSync(knownHostsPath, 'utf8')).toBe(
      `${bastion.knownHostsLine}\n${clinic.knownHostsLine}\n`,
    );
    // The bastion's sshd opened the forwarded channel to the clinic host: the session went through it.
    expect(bastion.log()).toMatch(new RegExp(`target 127\\.0\\.0\\.1 port ${clinic.port}\\b`));
  });

  it('onboarding: an answers-file host.address that is a ProxyJump alias in ~/.ssh/config goes through the bastion', async () => {
    const forwards = () =>
      bastion.log().match(new RegExp(`target 127\\.0\\.0\\.1 port ${clinic.port}\\b`, 'g'))?.length ?? 0;
    const forwardsBefore = forwards();
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    const opener = sshHostOpener({
      prompter: headlessPrompter,
      knownHostsPath: knownHosts(),
      acceptNewHostKey: true,
    });
    const spec = {
      address: 'clinic-behind',
      port: clinic.port,
      user: clinic.user,
      config_path: '/etc/ngrok/ngrok.yml',
    };
    try {
      const host = await opener({ clinic: 'clinic1', role: 'primary', spec }, new AbortController().signal);
      expect(host.fingerprint).toBe(clinic.hostKeyFingerprint);
      expect(await host.serviceStatus()).toBe('not-installed');
      await host.close();
    } finally {
      process.env.HOME = savedHome;
    }
    expect(forwards()).toBe(forwardsBefore + 1);
  });

  it('a bastion that cannot reach the clinic host fails with exit 1 and says so', async () => {
    const target = await parseHostArg('clinic-unreachable', sshConfigPath);
    const failure = await failureOf(
      connectHost(target, {
        knownHostsPath: knownHosts(),
        prompter: headlessPrompter,
        acceptNewHostKey: true,
      }),
    );
    expect(exitCodeFor(failure)).toBe(ExitCode.external);
    expect(failure.message).toMatch(
      new RegExp(
        `jump host ${bastion.user}@127\\.0\\.0\\.1:${bastion.port} could not reach 127\\.0\\.0\\.1:`,
      ),
    );
  });

  it('a changed bastion host key is refused before the clinic host is contacted', async () => {
    const other = join(home, `other_key_${fileCounter}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherLine = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const knownHostsPath = knownHosts();
    writeFileSync(knownHostsPath, `[127.0.0.1]:${bastion.port} ${otherLine}\n`);
    const target = await parseHostArg('clinic-behind', sshConfigPath);
    const failure = await failureOf(
      connectHost(target, { knownHostsPath, prompter: headlessPrompter, acceptNewHostKey: true }),
    );
    expect(exitCodeFor(failure)).toBe(ExitCode.usage);
    expect(failure.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(failure.message).toContain(`[127.0.0.1]:${bastion.port}`);
    expect(readFileSync(knownHostsPath, 'utf8')).toBe(`[127.0.0.1]:${bastion.port} ${otherLine}\n`);
  });

  it('doctor --host with a ProxyJump alias checks the clinic host through the bastion (CLI)', async () => {
    const result = await runCli(
      ['doctor', '--host', 'clinic-behind', '--known-hosts', knownHosts(), '--accept-new-host-key'],
      { env: { HOME: home } },
    );
    expect(result.stdout).toContain(
      `✓ SSH connection: logged in as ${clinic.user}@127.0.0.1:${clinic.port} through ${bastion.user}@127.0.0.1:${bastion.port}`,
    );
    expect(result.stdout).toContain('✓ ngrok agent: version 3.22.1');
    expect(result.stdout).toContain('✗ Agent config: /etc/ngrok/ngrok.yml does not exist');
    expect(result.code).toBe(ExitCode.external);
  });

  it('a refused port: exit 1, "connection refused", known_hosts untouched (CLI doctor)', async () => {
    const port = await closedPort();
    const knownHostsPath = knownHosts();
    const result = await runCli([
      'doctor',
      '--host',
      `${clinic.user}@127.0.0.1:${port}`,
      '--known-hosts',
      knownHostsPath,
      '--accept-new-host-key',
    ]);
    expect(result.code).toBe(ExitCode.external);
    expect(result.stdout).toContain(`✗ SSH connection: ${clinic.user}@127.0.0.1:${port}: connection refused`);
    expect(result.stdout).toContain('→ Check the address and port, and that sshd runs.');
    expect(existsSync(knownHostsPath)).toBe(false);
  });

  it('a port that is not SSH (wrong port): exit 1, says the handshake never happened and to check the port', async () => {
    const http = await startFakeService('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    const knownHostsPath = knownHosts();
    const failure = await failureOf(
      connectHost(direct(http.port), { knownHostsPath, prompter: headlessPrompter, acceptNewHostKey: true }),
    );
    http.close();
    expect(exitCodeFor(failure)).toBe(ExitCode.external);
    expect(failure.message).toContain(
      `127.0.0.1:${http.port} closed the connection before the SSH handshake`,
    );
    expect((failure as { hint?: string }).hint).toMatch(/Check the port/);
    expect(existsSync(knownHostsPath)).toBe(false);
  });

  it('a host that never answers times out with exit 1', async () => {
    const silent = await startFakeService();
    const failure = await failureOf(
      connectHost(direct(silent.port), {
        knownHostsPath: knownHosts(),
        prompter: headlessPrompter,
        acceptNewHostKey: true,
        readyTimeoutMs: 1000,
      }),
    );
    silent.close();
    expect(exitCodeFor(failure)).toBe(ExitCode.external);
    expect(failure.message).toContain(`127.0.0.1:${silent.port}: timed out while connecting`);
  });

  it('time spent answering the host-key question does not count against the login timeout', async () => {
    const slowPerson = {
      ...headlessPrompter,
      confirmHostKey: () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 3000)),
    };
    const conn = await connectHost(direct(clinic.port), {
      knownHostsPath: knownHosts(),
      prompter: slowPerson,
      readyTimeoutMs: 2000,
    });
    expect((await conn.exec('id -un')).stdout.trim()).toBe(clinic.user);
    await conn.close();
  });

  it('a key the host does not accept: exit 2, names what was tried and what to do', async () => {
    const stranger = join(home, 'stranger_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const failure = await failureOf(
      connectHost(direct(clinic.port, { identityFile: stranger }), {
        knownHostsPath: knownHosts(),
        prompter: headlessPrompter,
        acceptNewHostKey: true,
      }),
    );
    expect(exitCodeFor(failure)).toBe(ExitCode.usage);
    expect(failure.message).toContain(
      `${clinic.user}@127.0.0.1:${clinic.port} accepted none of our credentials`,
    );
    expect(failure.message).toContain(stranger);
    expect((failure as { hint?: string }).hint).toMatch(/--identity/);
  });

  it('a host without ngrok: exit 1 with the install step; doctor shows it as the failed check', async () => {
    const target = direct(bastion.port, { identityFile: bastion.keyPath });
    const knownHostsPath = knownHosts();
    const conn = await connectHost(target, {
      knownHostsPath,
      prompter: headlessPrompter,
      acceptNewHostKey: true,
    });
    const failure = await failureOf(probeHost(conn, headlessPrompter));
    await conn.close();
    expect(exitCodeFor(failure)).toBe(ExitCode.external);
    expect(failure.message).toMatch(/^ngrok is not installed on clinictui@127\.0\.0\.1:\d+/);
    expect((failure as { hint?: string }).hint).toContain('https://ngrok.com/download');
    const checks = await runDoctor({
      target,
      configPath: '/etc/ngrok/ngrok.yml',
      knownHostsPath,
      prompter: headlessPrompter,
    });
    expect(checks.find((c) => c.id === 'ngrok')).toMatchObject({
      status: 'fail',
      hint: expect.stringContaining('ngrok.com/download'),
    });
  });
});
