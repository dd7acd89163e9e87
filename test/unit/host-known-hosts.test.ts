import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { verifyHostKey } from '../../source/host/host-key.js';
import { entryMatchesHost, knownHostName, parseKnownHosts } from '../../source/host/known-hosts.js';
import { generateKey } from '../../source/sandbox/host/keys.js';

const key = generateKey('test');
const blob = key.publicKey.getPublicSSH();
const hashed = (name: string) => {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts matching', () => {
  it.each([
    ['clinic.example.com', 'clinic.example.com', true],
    ['other.example.com,clinic.example.com', 'clinic.example.com', true],
    ['*.example.com', 'clinic.example.com', true],
    ['*.example.com,!clinic.example.com', 'clinic.example.com', false],
    ['clinic?.example.com', 'clinic1.example.com', true],
    ['[10.0.0.5]:2222', '[10.0.0.5]:2222', true],
    ['10.0.0.5', '[10.0.0.5]:2222', false],
    [hashed('[10.0.0.5]:2222'), '[10.0.0.5]:2222', true],
    [hashed('10.0.0.5'), '[10.0.0.5]:2222', false],
  ])('%s matches %s: %s', (hosts, name, expected) => {
    const [entry] = parseKnownHosts(`${hosts} ${key.publicLine}`);
    expect(entryMatchesHost(entry!, name)).toBe(expected);
  });

  it('names port 22 plainly and other ports in brackets', () => {
    expect(knownHostName('h', 22)).toBe('h');
    expect(knownHostName('h', 2222)).toBe('[h]:2222');
  });

  it('reads markers and skips comments and malformed lines', () => {
    const entries = parseKnownHosts(
      `# comment\n\n@revoked h ${key.publicLine}\nbroken-line\nh ${key.publicLine}\n`,
    );
    expect(entries.map((e) => e.marker ?? 'plain')).toEqual(['revoked', 'plain']);
  });
});

describe('host key decisions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-known-hosts-'));
  const policy = (file: string, extra = {}) => ({
    address: 'h',
    port: 2222,
    user: 'tech',
    knownHostsPath: join(dir, file),
    acceptNewHostKey: false,
    prompter: headlessPrompter,
    ...extra,
  });

  it('asks the person about an unknown key and records it when they accept', async () => {
    const asked: string[] = [];
    const prompter = {
      ...headlessPrompter,
      confirmHostKey: async (info: { fingerprint: string }) => asked.push(info.fingerprint) > 0,
    };
    await expect(verifyHostKey(blob, policy('asked', { prompter }))).resolves.toBe(key.fingerprint);
    expect(asked).toEqual([key.fingerprint]);
    expect(readFileSync(join(dir, 'asked'), 'utf8')).toBe(`[h]:2222 ${key.publicLine}\n`);
  });

  it('refuses a key the person declines, and a revoked key always', async () => {
    const prompter = { ...headlessPrompter, confirmHostKey: async () => false };
    await expect(verifyHostKey(blob, policy('declined', { prompter }))).rejects.toThrow(/not accepted/);
    writeFileSync(join(dir, 'revoked'), `@revoked [h]:2222 ${key.publicLine}\n`);
    await expect(verifyHostKey(blob, policy('revoked', { acceptNewHostKey: true }))).rejects.toThrow(
      /@revoked/,
    );
  });

  // The clinic record is editable by anyone with the API key: its fingerprint may refuse a key, never trust one.
  it('a fingerprint from the clinic record does not trust an unknown key: the person is still asked', async () => {
    const asked: string[] = [];
    const prompter = {
      ...headlessPrompter,
      confirmHostKey: async (info: { fingerprint: string }) => asked.push(info.fingerprint) < 0,
    };
    const recorded = policy('recorded-unknown', { prompter, recordedKey: key.fingerprint });
    await expect(verifyHostKey(blob, recorded)).rejects.toThrow(/not accepted/);
    expect(asked).toEqual([key.fingerprint]);
    expect(existsSync(join(dir, 'recorded-unknown'))).toBe(false);
    const headless = policy('recorded-headless', { recordedKey: key.fingerprint });
    await expect(verifyHostKey(blob, headless)).rejects.toThrow(/is not known/);
    // The advice names the host as --host reads it back: user@address:port, not known_hosts' [h]:2222.
    const fromRecord = policy('recorded-address', { addressFromRecord: true });
    await expect(verifyHostKey(blob, fromRecord)).rejects.toMatchObject({
      hint: expect.stringContaining('clinic-tui doctor --host tech@h:2222 --accept-new-host-key'),
    });
    expect(existsSync(join(dir, 'recorded-headless'))).toBe(false);
  });

  it('a fingerprint from the clinic record that disagrees with known_hosts is refused', async () => {
    writeFileSync(join(dir, 'recorded-known'), `[h]:2222 ${key.publicLine}\n`);
    const other = generateKey('other').fingerprint;
    const recorded = policy('recorded-known', { recordedKey: other });
    await expect(verifyHostKey(blob, recorded)).rejects.toThrow(/clinic record in the ngrok account names/);
    // Agreeing with known_hosts, it changes nothing.
    await expect(
      verifyHostKey(blob, policy('recorded-known', { recordedKey: key.fingerprint })),
    ).resolves.toBe(key.fingerprint);
  });

  it("an answers file's pin (the technician's word) still trusts an unknown key", async () => {
    await expect(verifyHostKey(blob, policy('pinned', { pin: key.fingerprint }))).resolves.toBe(
      key.fingerprint,
    );
    expect(readFileSync(join(dir, 'pinned'), 'utf8')).toBe(`[h]:2222 ${key.publicLine}\n`);
  });
});
