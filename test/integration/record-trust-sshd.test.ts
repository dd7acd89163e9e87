import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runOffboarding } from '../../flows/offboard/run.js';
import { rotateClinic } from '../../flows/rotate/run.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { fingerprintOf } from '../../source/host/known-hosts.js';
import { openingRecordedHosts, sshHostOpener } from '../../source/host/ssh-clinic-host.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { createJsonPresenter } from '../../source/ui/json-presenter.js';
import { hostFile, onboardSandboxClinic, type SandboxClinic, servedUrls } from '../flows/rotate-fixture.js';

/**
 * The ngrok account is shared state: anyone with the API key can edit the clinic record on a credential. These
 * tests edit it as such a person would and run offboard and rotate against real OpenSSH, where clinic1 is
 * onboarded: the record may say where a clinic lives, never make root touch another clinic's agent or another
 * file, nor make an unknown host key trusted.
 */
describe('a clinic record edited in the account, against real sshd', () => {
  let clinic: SandboxClinic;
  let etc: string;
  beforeAll(async () => {
    clinic = await onboardSandboxClinic({ pooled: false, sshd: true });
    etc = dirname(dirname(clinic.sandbox.configPath));
  }, 90_000);
  afterAll(() => clinic?.close());

  const hostAt = (config_path: string) => ({
    address: '127.0.0.1',
    port: clinic.sandbox.port,
    user: clinic.sandbox.user,
    config_path,
  });

  /** A clinic in the account (service user + tagged credential) whose record names this host and path. */
  async function recordClinic(id: string, host: Record<string, unknown>): Promise<string> {
    const user = await clinic.client.serviceUsers.create({ name: `clinic-tui/${id}` });
    const credential = await clinic.client.credentials.create({
      owner_id: user.id,
      acl: [`bind:*.${id}.internal`],
      description: `${id} agent`,
      metadata: formatTag({ role: 'agent-credential', clinic: id, generation: 1, host }),
    });
    return credential.id;
  }

  async function offboard(clinicId: string, knownHostsPath = clinic.sandbox.knownHostsPath) {
    const lines: string[] = [];
    const out = { write: (text: string) => lines.push(text) > 0 } as unknown as NodeJS.WritableStream;
    const { result } = await runOffboarding({
      clinicId,
      api: clinic.client,
      openHost: sshHostOpener({
        prompter: headlessPrompter,
        knownHostsPath,
        identityFile: clinic.sandbox.keyPath,
      }),
      presenter: createJsonPresenter({ out, yes: true, hostPrompter: headlessPrompter }),
      signal: new AbortController().signal,
      confirm: async () => true,
      audit: () => undefined,
    });
    return result;
  }

  const clinic1Config = () => hostFile(clinic, clinic.sandbox.configPath);
  const clinic1Serves = () => servedUrls(clinic.emulator).size === clinic.urls.length;

  it('offboard refuses a record whose config_path is a file that is not an agent config, and changes nothing', async () => {
    const important = join(etc, 'important', 'settings.yml');
    mkdirSync(dirname(important), { recursive: true });
    writeFileSync(important, 'database:\n  password: hunter2\n', { mode: 0o600 });
    await recordClinic('clinic4', hostAt(important));

    const result = await offboard('clinic4');

    expect(result.ok).toBe(false);
    expect(result.failure?.message).toContain(
      `${important} on ${clinic.sandbox.user}@127.0.0.1:${clinic.sandbox.port} is not an ngrok agent config`,
    );
    expect(readFileSync(important, 'utf8')).toBe('database:\n  password: hunter2\n');
    expect(existsSync(`${important}.bak`)).toBe(false);
    expect(clinic1Serves()).toBe(true);
    expect(clinic.emulator.state.credentials.all().some((c) => String(c.metadata).includes('clinic4'))).toBe(
      true,
    );
  });

  it('a record whose config_path is not a .yml path is no record: offboard never renames that file', async () => {
    const passwd = join(etc, 'important', 'passwd');
    mkdirSync(dirname(passwd), { recursive: true });
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/sh\n');
    await recordClinic('clinic3', hostAt(passwd));

    const result = await offboard('clinic3');

    expect(readFileSync(passwd, 'utf8')).toBe('root:x:0:0:root:/root:/bin/sh\n');
    expect(existsSync(`${passwd}.bak`)).toBe(false);
    expect(result.ok).toBe(true);
    expect(clinic1Serves()).toBe(true);
  });

  it("a record naming another clinic's host: offboard leaves that clinic's service and ngrok.yml alone", async () => {
    await recordClinic('clinic2', hostAt(clinic.sandbox.configPath));
    const before = clinic1Config();
    const credentialsBefore = clinic.emulator.state.credentials.all().length;

    const result = await offboard('clinic2');

    expect(result.ok).toBe(false);
    expect(result.failure?.message).toContain(`${clinic.sandbox.configPath} on `);
    expect(result.failure?.message).toContain("holds clinic1's agent config");
    expect(clinic1Config()).toBe(before);
    expect(existsSync(`${clinic.sandbox.configPath}.bak`)).toBe(false);
    expect(clinic1Serves()).toBe(true);
    expect(clinic.emulator.state.credentials.all()).toHaveLength(credentialsBefore);
  });

  it("rotate of a clinic whose record names another clinic's host never writes its token into the other clinic's ngrok.yml", async () => {
    await recordClinic('clinic5', hostAt(clinic.sandbox.configPath));
    const before = clinic1Config();
    const credentialsBefore = clinic.emulator.state.credentials.all().map((c) => c.id);

    const rotation = rotateClinic(clinic.deps(), {
      clinic: 'clinic5',
      listener: () => undefined,
      signal: new AbortController().signal,
    });

    await expect(rotation).rejects.toThrow("holds clinic1's agent config");
    expect(clinic1Config()).toBe(before);
    expect(parse(clinic1Config()).agent.authtoken).toBe(clinic.oldToken);
    expect(clinic.emulator.state.credentials.all().map((c) => c.id)).toEqual(credentialsBefore);
  });

  it('a host key pinned in the record does not make rotate trust a host that known_hosts does not know', async () => {
    const original = clinic.emulator.state.credentials.get(clinic.oldCredentialId).metadata;
    const pinned = { ...hostAt(clinic.sandbox.configPath), host_key: fingerprintOfSshd() };
    await clinic.client.credentials.update(clinic.oldCredentialId, {
      metadata: formatTag({ role: 'agent-credential', clinic: 'clinic1', generation: 1, host: pinned }),
    });
    const freshKnownHosts = join(etc, 'fresh_known_hosts');
    const argvBefore = clinic.sandbox.argvLog().length;
    try {
      const openHost = sshHostOpener({
        prompter: headlessPrompter,
        knownHostsPath: freshKnownHosts,
        identityFile: clinic.sandbox.keyPath,
      });
      const rotation = rotateClinic(clinic.deps({ openHost }), {
        clinic: 'clinic1',
        listener: () => undefined,
        signal: new AbortController().signal,
      });

      await expect(rotation).rejects.toThrow(/is not known/);
      expect(existsSync(freshKnownHosts)).toBe(false);
      expect(clinic.sandbox.argvLog()).toHaveLength(argvBefore);
      expect(parse(clinic1Config()).agent.authtoken).toBe(clinic.oldToken);
      expect(
        clinic.emulator.state.credentials.all().filter((c) => c.id === clinic.oldCredentialId),
      ).toHaveLength(1);
    } finally {
      await clinic.client.credentials.update(clinic.oldCredentialId, { metadata: String(original) });
    }
  });

  it('--accept-new-host-key does not make rotate or offboard trust an unknown key of a host read from the record', async () => {
    const freshKnownHosts = join(etc, 'accept_new_known_hosts');
    const argvBefore = clinic.sandbox.argvLog().length;
    const opener = () =>
      sshHostOpener({
        prompter: headlessPrompter,
        knownHostsPath: freshKnownHosts,
        identityFile: clinic.sandbox.keyPath,
        acceptNewHostKey: true,
      });
    const rotation = rotateClinic(clinic.deps({ openHost: opener() }), {
      clinic: 'clinic1',
      listener: () => undefined,
      signal: new AbortController().signal,
    });
    await expect(rotation).rejects.toThrow(
      /comes from the clinic record in the ngrok account.*--accept-new-host-key does not apply/,
    );

    const { result } = await runOffboarding({
      clinicId: 'clinic1',
      api: clinic.client,
      openHost: openingRecordedHosts(opener()),
      presenter: createJsonPresenter({
        out: { write: () => true } as never,
        yes: true,
        hostPrompter: headlessPrompter,
      }),
      signal: new AbortController().signal,
      confirm: async () => true,
      audit: () => undefined,
    });
    expect(result.ok).toBe(false);
    expect(result.failure?.message).toContain('--accept-new-host-key does not apply');

    expect(existsSync(freshKnownHosts)).toBe(false);
    expect(clinic.sandbox.argvLog()).toHaveLength(argvBefore);
    expect(parse(clinic1Config()).agent.authtoken).toBe(clinic.oldToken);
    expect(clinic1Serves()).toBe(true);
  });

  /** The fingerprint sshd proves (the one line in the test's known_hosts). */
  function fingerprintOfSshd(): string {
    const line = readFileSync(clinic.sandbox.knownHostsPath, 'utf8').trim().split(/\s+/);
    return fingerprintOf(Buffer.from(line[2]!, 'base64'));
  }
});
