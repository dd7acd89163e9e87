import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { WizardDefaults } from '../../flows/questions/defaults.js';
import { readSshHostSettings } from '../host/ssh-config.js';
import { collect } from '../ngrok/client.js';
import type { ListOptions } from '../ngrok/resources.js';
import { serviceUserName } from '../ngrok/tags.js';
import type { ReservedDomain } from '../ngrok/types.js';
import { regions } from '../spec/field-values.js';
import { within } from './read-bounds.js';
import { readSavedDefaults, type SavedDefaults } from './saved-answers.js';
import { type WizardAccountApi, wizardAccount } from './wizard-account.js';

/** The three lists of the account the defaults read; the ngrok client has them. */
export interface DefaultsApi extends WizardAccountApi {
  reservedDomains: { list(options?: ListOptions): AsyncIterable<ReservedDomain> };
}

/** Where the defaults come from; everything but the API has this laptop's usual place as its default. */
export interface DefaultSources {
  api: DefaultsApi;
  stateDir?: string;
  sshConfigPath?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** How long the account may take before the wizard opens without what it says. */
  timeoutMs?: number;
}

interface AccountFacts {
  domains: string[];
  clinicIds: string[];
  regions: string[];
}

/** `clinic-tui/`: a clinic's service user is named this, then its id. */
const userPrefix = serviceUserName('');

// `domain` is filterable, but startsWith() is "coming soon" on https://ngrok.com/docs/api/api-filtering/, so
// list-filter-sent.ts keeps this expression on this side until ngrok takes it.
const wildcardDomainsFilter = `obj.domain.startsWith("*.")`;

/**
 * The account's wildcard domains, clinic ids and clinics' regions. Service users and reserved addresses are the
 * lists the lookups read too (wizard-account.ts): read once for both.
 */
async function readAccount(api: DefaultsApi, signal: AbortSignal): Promise<AccountFacts> {
  const account = wizardAccount(api);
  const [domains, addrs, users] = await Promise.all([
    collect(api.reservedDomains.list({ filter: wildcardDomainsFilter, signal })),
    account.clinicAddrs(signal),
    account.serviceUsers(signal),
  ]);
  return {
    domains: domains.flatMap((d) => (d.domain.startsWith('*.') ? [d.domain.slice(2)] : [])),
    clinicIds: users.flatMap((u) =>
      u.name?.startsWith(userPrefix) ? [u.name.slice(userPrefix.length)] : [],
    ),
    regions: addrs.flatMap((a) => (a.region ? [a.region] : [])),
  };
}

/** `clinicN` after the highest N the account holds (clinic1 in an account with none). */
export function nextClinicId(ids: readonly string[]): string {
  const numbers = ids.flatMap((id) => /^clinic(\d+)$/.exec(id)?.[1] ?? []).map(Number);
  return `clinic${Math.max(0, ...numbers) + 1}`;
}

const newest = (saved: SavedDefaults[], key: keyof SavedDefaults) => saved.find((s) => s[key])?.[key];
const isRegion = (value: string | undefined): value is (typeof regions)[number] =>
  (regions as readonly (string | undefined)[]).includes(value);

/** The first of ssh's usual key files that exists, spelled with ~ as a technician would type it. */
async function usualKeyFile(home: string): Promise<string | undefined> {
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const found = await access(join(home, '.ssh', name)).then(
      () => true,
      () => false,
    );
    if (found) return `~/.ssh/${name}`;
  }
  return undefined;
}

/**
 * The wizard's defaults from reality, read side by side: the account's wildcard domain, clinics and region, the
 * technician's saved answers (newest first), ~/.ssh/config and the ssh-agent. Nothing here can fail the wizard:
 * a source that fails, or an account slower than `timeoutMs`, gives no defaults.
 */
export async function gatherWizardDefaults(sources: DefaultSources): Promise<WizardDefaults> {
  const env = sources.env ?? process.env;
  const home = sources.home ?? homedir();
  const agent = Boolean(env.SSH_AUTH_SOCK);
  const [account, saved, sshHost, keyFile] = await Promise.all([
    within((signal) => readAccount(sources.api, signal), sources.timeoutMs ?? 5000),
    readSavedDefaults(sources.stateDir).catch(() => []),
    readSshHostSettings(sources.sshConfigPath),
    agent ? undefined : usualKeyFile(home),
  ]);
  const savedDomain = newest(saved, 'domain');
  const domains = account?.domains ?? [];
  const domain = savedDomain && domains.includes(savedDomain) ? savedDomain : (domains[0] ?? savedDomain);
  const region = [newest(saved, 'region'), ...(account?.regions ?? [])].find(isRegion);
  const user = newest(saved, 'user');
  const identityFile = newest(saved, 'identityFile') ?? keyFile;
  const configPath = newest(saved, 'configPath');
  return {
    clinicId: nextClinicId(account?.clinicIds ?? []),
    ...(domain ? { domain } : {}),
    ...(region ? { region } : {}),
    ...(user ? { user } : {}),
    ...(identityFile ? { identityFile } : {}),
    ...(configPath ? { configPath } : {}),
    sshHost,
    agent,
  };
}
