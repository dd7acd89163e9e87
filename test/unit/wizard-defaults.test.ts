import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DefaultsApi,
  gatherWizardDefaults,
  nextClinicId,
} from '../../source/commands/wizard-defaults.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { reservedAddrSchema, reservedDomainSchema, serviceUserSchema } from '../../source/ngrok/types.js';
import { scratchDirs } from '../helpers/scratch.js';

const scratch = scratchDirs('clinic-tui-wizard-defaults-');

async function* listOf<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

/**
 * An account with a reserved wildcard domain (and a plain one), clinics 3 and 7, and a clinic's address in eu; a new
 * one for each test, as the wizard keeps what it read of an account for the rest of the run.
 */
const anAccount = (): DefaultsApi => ({
  reservedDomains: {
    list: () =>
      listOf([
        reservedDomainSchema.parse({ id: 'rd_1', domain: 'portal.acme-care.net' }),
        reservedDomainSchema.parse({ id: 'rd_2', domain: '*.acme-care.net' }),
      ]),
  },
  reservedAddrs: {
    list: () =>
      listOf([
        reservedAddrSchema.parse({ id: 'ra_0', addr: '2.tcp.ngrok.io:20000', region: 'us' }),
        reservedAddrSchema.parse({
          id: 'ra_1',
          addr: '1.tcp.eu.ngrok.io:20001',
          region: 'eu',
          metadata: formatTag({ role: 'reserved-addr', clinic: 'clinic7' }),
        }),
      ]),
  },
  serviceUsers: {
    list: () =>
      listOf(
        ['clinic-tui/clinic3', 'clinic-tui/clinic7', 'billing-bot'].map((name, n) =>
          serviceUserSchema.parse({ id: `bot_${n}`, name }),
        ),
      ),
  },
});

const failing: DefaultsApi = {
  reservedDomains: {
    list: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('ngrok is down')) }),
    }),
  },
  reservedAddrs: anAccount().reservedAddrs,
  serviceUsers: anAccount().serviceUsers,
};

const never = new Promise<never>(() => {});
const hanging: DefaultsApi = {
  reservedDomains: { list: () => ({ [Symbol.asyncIterator]: () => ({ next: () => never }) }) },
  reservedAddrs: anAccount().reservedAddrs,
  serviceUsers: anAccount().serviceUsers,
};

/** A state dir with two answers files the wizard saved: the newer one's answers come first. */
function stateWithSavedAnswers(): string {
  const dir = scratch();
  mkdirSync(join(dir, 'answers'));
  const older = join(dir, 'answers', 'clinic3.yml');
  writeFileSync(
    older,
    'version: 1\nnetwork: {domain: acme-care.net, region: ap}\nhost: {address: 192.0.2.3, user: olduser, config_path: /opt/ngrok/ngrok.yml}\n',
  );
  utimesSync(older, new Date('2026-01-01'), new Date('2026-01-01'));
  writeFileSync(
    join(dir, 'answers', 'clinic7.yml'),
    'version: 1\nnetwork: {domain: acme-care.net, region: au}\nhost: {address: 192.0.2.7, user: fieldtech, identity_file: ~/.ssh/clinics_ed25519}\n',
  );
  writeFileSync(join(dir, 'answers', 'broken.yml'), 'host: [unclosed\n');
  return dir;
}

function sshConfig(): string {
  const path = join(scratch(), 'config');
  writeFileSync(
    path,
    [
      'Host north-clinic',
      '  HostName 192.0.2.44',
      '  User admin',
      '  Port 2222',
      '  IdentityFile ~/.ssh/north_ed25519',
      '',
    ].join('\n'),
  );
  return path;
}

describe('the wizard defaults from reality', () => {
  it('come from the account, the newest saved answers and ~/.ssh/config for the host typed', async () => {
    const defaults = await gatherWizardDefaults({
      api: anAccount(),
      stateDir: stateWithSavedAnswers(),
      sshConfigPath: sshConfig(),
      env: { SSH_AUTH_SOCK: '/tmp/agent.sock' },
      home: scratch(),
    });
    expect(defaults).toMatchObject({
      clinicId: 'clinic8',
      domain: 'acme-care.net',
      region: 'au',
      user: 'fieldtech',
      identityFile: '~/.ssh/clinics_ed25519',
      configPath: '/opt/ngrok/ngrok.yml',
      agent: true,
    });
    expect(defaults.sshHost('north-clinic')).toEqual({
      user: 'admin',
      port: 2222,
      identityFile: '~/.ssh/north_ed25519',
    });
    expect(defaults.sshHost('192.0.2.99')).toEqual({});
  });

  it('with nothing saved: the region of the clinics in the account, no user, and the agent for the key', async () => {
    const defaults = await gatherWizardDefaults({
      api: anAccount(),
      stateDir: scratch(),
      sshConfigPath: join(scratch(), 'no-config'),
      env: { SSH_AUTH_SOCK: '/tmp/agent.sock' },
      home: scratch(),
    });
    expect(defaults).toMatchObject({
      clinicId: 'clinic8',
      domain: 'acme-care.net',
      region: 'eu',
      agent: true,
    });
    expect(defaults.user).toBeUndefined();
    expect(defaults.identityFile).toBeUndefined();
  });

  it('without an ssh-agent, offers the first of the usual key files that exists', async () => {
    const home = scratch();
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_rsa'), 'key');
    const defaults = await gatherWizardDefaults({ api: anAccount(), stateDir: scratch(), env: {}, home });
    expect(defaults.agent).toBe(false);
    expect(defaults.identityFile).toBe('~/.ssh/id_rsa');
  });

  it('an account that fails or does not answer in time gives no account defaults, and never fails', async () => {
    for (const api of [failing, hanging]) {
      const defaults = await gatherWizardDefaults({
        api,
        stateDir: stateWithSavedAnswers(),
        env: {},
        home: scratch(),
        timeoutMs: 20,
      });
      expect(defaults).toMatchObject({ clinicId: 'clinic1', domain: 'acme-care.net', user: 'fieldtech' });
    }
  });

  it('suggests the clinic after the highest numbered one', () => {
    expect(nextClinicId([])).toBe('clinic1');
    expect(nextClinicId(['clinic2', 'clinic10', 'north'])).toBe('clinic11');
  });
});
