import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hostArg,
  parseHostArg,
  resolveSpecTarget,
  splitHostArg,
  targetFromSpec,
} from '../../source/host/target.js';

describe('host arguments', () => {
  it.each([
    ['tech@10.0.0.5', { user: 'tech', host: '10.0.0.5' }],
    ['tech@clinic.example.com:2222', { user: 'tech', host: 'clinic.example.com', port: 2222 }],
    ['tech@[fd00::5]:22', { user: 'tech', host: 'fd00::5', port: 22 }],
    ['alias', { host: 'alias' }],
  ])('%s', (arg, expected) => {
    expect(splitHostArg(arg)).toEqual(expected);
  });

  it.each([
    [{ user: 'tech', address: 'clinic.example.org', port: 2222 }, 'tech@clinic.example.org:2222'],
    [{ user: 'tech', address: '10.0.0.5', port: 22 }, 'tech@10.0.0.5'],
    [{ user: 'tech', address: 'fd00::5', port: 2222 }, 'tech@[fd00::5]:2222'],
  ])('names %o as --host reads it back', (target, arg) => {
    expect(hostArg(target)).toBe(arg);
    expect(splitHostArg(hostArg(target))).toEqual({
      user: target.user,
      host: target.address,
      ...(target.port === 22 ? {} : { port: target.port }),
    });
  });

  it('refuses what is not a host, and ports out of range', () => {
    expect(() => splitHostArg('a b')).toThrow(/is not a host/);
    expect(() => splitHostArg('u@h:70000')).toThrow(/out of range/);
  });

  it('fills an alias from ~/.ssh/config, with one ProxyJump hop', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'clinic-ssh-config-')), 'config');
    writeFileSync(
      config,
      'Host clinic1\n  HostName 10.0.0.5\n  Port 2222\n  User tech\n  IdentityFile ~/.ssh/clinic1\n  ProxyJump jump\n\nHost jump\n  HostName bastion.example.com\n  User ops\n',
    );
    expect(await parseHostArg('clinic1', config)).toEqual({
      address: '10.0.0.5',
      port: 2222,
      user: 'tech',
      identityFile: join(homedir(), '.ssh', 'clinic1'),
      proxyJump: { address: 'bastion.example.com', port: 22, user: 'ops' },
    });
    expect(await parseHostArg('root@clinic1:22', config)).toMatchObject({ user: 'root', port: 22 });
  });

  it('reads IdentitiesOnly (yes, in any case) for --host and for an answers file alias', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'clinic-ssh-config-')), 'config');
    writeFileSync(
      config,
      'Host only\n  HostName 10.0.0.6\n  IdentitiesOnly Yes\n\nHost open\n  IdentitiesOnly no\n',
    );
    expect(await parseHostArg('tech@only', config)).toMatchObject({ identitiesOnly: true });
    expect(await parseHostArg('tech@open', config)).not.toHaveProperty('identitiesOnly');
    const spec = { address: 'only', port: 22, user: 'tech', config_path: '/etc/ngrok/ngrok.yml' };
    expect(await resolveSpecTarget(spec, config)).toMatchObject({
      address: '10.0.0.6',
      identitiesOnly: true,
    });
  });

  it('takes the answers file host section, pin included', () => {
    const pin = `SHA256:${'a'.repeat(43)}`;
    expect(
      targetFromSpec({
        address: 'h',
        port: 22,
        user: 'u',
        config_path: '/etc/ngrok/ngrok.yml',
        host_key: pin,
      }),
    ).toEqual({ address: 'h', port: 22, user: 'u', hostKey: pin });
  });
});
