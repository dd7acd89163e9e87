import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, exitCodeFor } from '../../source/errors.js';
import { connectHost } from '../../source/host/connect.js';
import { runDoctor } from '../../source/host/doctor.js';
import { probeHost } from '../../source/host/facts.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import type { HostPrompter } from '../../source/host/prompts.js';
import { pushConfigAndRestart, readRemoteConfig } from '../../source/host/service.js';
import type { HostTarget } from '../../source/host/target.js';
import { startFakeAgentEndpoint, waitFor } from '../helpers/sandbox-host.js';
import { type SshdHarness, startSshd } from '../helpers/sshd.js';

const token = '2abSudoPwToken_0123456789abcdefghijklmXyZ';
const config = `version: 3\nagent:\n  authtoken: ${token}\nendpoints:\n  - name: rest-api\n    url: https://rest-api.clinic1.internal\n    upstream: { url: 8080 }\n`;

/** A person at the keyboard who types the given answers in order and whose every question is recorded. */
function scriptedPrompter(answers: { password?: string[]; sudoPassword?: string[] }) {
  const asked: string[] = [];
  const next = (kind: 'password' | 'sudoPassword', about: string) => {
    asked.push(`${kind} ${about}`);
    const answer = answers[kind]?.shift();
    if (answer === undefined) throw new Error(`unexpected ${kind} question for ${about}`);
    return Promise.resolve(answer);
  };
  const prompter: HostPrompter = {
    confirmHostKey: () => Promise.resolve(true),
    passphrase: (path) => next('password', path),
    password: (about) => next('password', about),
    sudoPassword: (about) => next('sudoPassword', about),
  };
  return { prompter, asked };
}

describe('password login and sudo with a password against a real OpenSSH server', { timeout: 60_000 }, () => {
  let sshd: SshdHarness;
  let agentEndpoint: Awaited<ReturnType<typeof startFakeAgentEndpoint>>;
  let password: string;
  let knownHostsPath: string;
  let where: string;
  const saved = { agent: process.env.SSH_AUTH_SOCK, home: process.env.HOME };
  // No identity file and a HOME without ~/.ssh: no key is offered, so only a password gets in.
  const passwordTarget = (): HostTarget => ({
    address: '127.0.0.1',
    port: sshd.port,
    user: sshd.passwordUser!.name,
  });
  const keyTarget = (): HostTarget => ({ ...passwordTarget(), identityFile: sshd.keyPath });
  const connect = (target: HostTarget, prompter: HostPrompter) =>
    connectHost(target, { knownHostsPath, prompter, acceptNewHostKey: true });

  beforeAll(async () => {
    delete process.env.SSH_AUTH_SOCK;
    process.env.HOME = mkdtempSync(join(tmpdir(), 'clinic-no-keys-'));
    agentEndpoint = await startFakeAgentEndpoint([token]);
    sshd = await startSshd({ connectUrl: agentEndpoint.url, passwordUser: true, keyboardInteractive: true });
    password = sshd.passwordUser!.password;
    knownHostsPath = join(sshd.root, 'known_hosts');
    where = `${sshd.passwordUser!.name}@127.0.0.1:${sshd.port}`;
  });
  afterAll(async () => {
    if (saved.agent !== undefined) process.env.SSH_AUTH_SOCK = saved.agent;
    process.env.HOME = saved.home;
    await sshd?.stop();
    await agentEndpoint?.close();
  });

  it('logs in with a password asked once through the prompter', async () => {
    const { prompter, asked } = scriptedPrompter({ password: [password] });
    const conn = await connect(passwordTarget(), prompter);
    expect((await conn.exec('id -un')).stdout.trim()).toBe(sshd.passwordUser!.name);
    await conn.close();
    expect(asked).toEqual([`password ${where}`]);
  });

  it('a host that asks for passwords only by keyboard-interactive (PAM) gets the password asked once', async () => {
    const port = sshd.keyboardInteractivePort!;
    const { prompter, asked } = scriptedPrompter({ password: [password] });
    const conn = await connect({ ...passwordTarget(), port }, prompter);
    expect((await conn.exec('id -un')).stdout.trim()).toBe(sshd.passwordUser!.name);
    await conn.close();
    expect(asked).toEqual([`password ${sshd.passwordUser!.name}@127.0.0.1:${port}`]);
    const headless = await connect({ ...passwordTarget(), port }, headlessPrompter).catch((e: Error) => e);
    expect(exitCodeFor(headless)).toBe(ExitCode.usage);
    expect(`${headless}`).toMatch(/no terminal to ask for a password/);
  });

  it('a wrong password is asked again, three times, then refused with exit 2 naming the password', async () => {
    const { prompter, asked } = scriptedPrompter({ password: ['wrong-1', 'wrong-2', 'wrong-3'] });
    const failure = await connect(passwordTarget(), prompter).catch((error: Error) => error);
    expect(asked).toEqual([`password ${where}`, `password ${where}`, `password ${where}`]);
    expect(exitCodeFor(failure)).toBe(ExitCode.usage);
    expect(`${failure}`).toContain(`${where} refused the password (3 attempts)`);
  });

  it('headless, a host that wants a password says how to log in instead', async () => {
    const failure = await connect(passwordTarget(), headlessPrompter).catch((error: Error) => error);
    expect(exitCodeFor(failure)).toBe(ExitCode.usage);
    expect(`${failure}`).toMatch(/no terminal to ask for a password/);
  });

  it('sudo asks again after a typo; the push writes a 0600 root-owned file with exactly the config', async () => {
    const { prompter, asked } = scriptedPrompter({ sudoPassword: ['typo', password] });
    const conn = await connect(keyTarget(), prompter);
    const facts = await probeHost(conn, prompter);
    expect(facts.privilege).toBe('sudo-password');
    // The directory is root's: without sudo this user cannot write there.
    expect((await conn.exec(`touch ${sshd.root}/etc-probe`)).code).not.toBe(0);
    const configPath = join(sshd.root, 'etc', 'ngrok', 'ngrok.yml');
    const first = await pushConfigAndRestart(conn, facts, configPath, config);
    expect(first.service).toBe('installed');
    const stat = statSync(configPath);
    expect([stat.mode & 0o777, stat.uid, stat.gid]).toEqual([0o600, 0, 0]);
    // sudo -S took only the password line: the file holds the config, byte for byte.
    expect(readFileSync(configPath, 'utf8')).toBe(config);
    expect(await readRemoteConfig(conn, facts, configPath)).toBe(config);
    await waitFor(() => agentEndpoint.sessions.some((s) => s.token === token));
    await conn.close();
    expect(asked).toEqual([`sudoPassword ${where}`, `sudoPassword ${where}`]);
    const argv = sshd.argvLog().join('\n');
    expect(argv).toContain('sudo -S -k -p  sh -c');
    expect(argv).not.toContain(password);
    expect(argv).not.toContain(token);
  });

  it('headless, sudo that needs a password is refused with what to do', async () => {
    const conn = await connect(keyTarget(), headlessPrompter);
    const failure = await probeHost(conn, headlessPrompter).catch((error: Error) => error);
    await conn.close();
    expect(exitCodeFor(failure)).toBe(ExitCode.usage);
    expect(`${failure}`).toMatch(/sudo on .* needs a password/);
  });

  it('doctor logs in by password, reaches root through sudo with a password, and passes every check', async () => {
    const { prompter, asked } = scriptedPrompter({ password: [password], sudoPassword: [password] });
    const checks = await runDoctor({
      target: passwordTarget(),
      configPath: join(sshd.root, 'etc', 'ngrok', 'ngrok.yml'),
      knownHostsPath,
      prompter,
    });
    expect(checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'connection:ok',
      'host-key:ok',
      'privilege:ok',
      'ngrok:ok',
      'config:ok',
      'service:ok',
      'service-config:ok',
      'logs:ok',
    ]);
    expect(checks.find((c) => c.id === 'privilege')?.detail).toMatch(/sudo.*password/);
    expect(asked).toEqual([`password ${where}`, `sudoPassword ${where}`]);
    expect(JSON.stringify(checks)).not.toContain(password);
  });
});
