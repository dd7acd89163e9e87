import type { regions } from '../../source/spec/field-values.js';
import { retarget, type SpecDraft } from './presets.js';

/** What ~/.ssh/config says for one host: its User, Port and IdentityFile, where it says them. */
export interface SshHostDefaults {
  user?: string;
  port?: number;
  identityFile?: string;
}

/**
 * The wizard's defaults outside the demo, from reality: the ngrok account, this technician's earlier clinics (the
 * answers files they saved) and their SSH setup. Every field is optional: what nothing tells stays empty, and the
 * technician types it; the guide's example values are never offered.
 */
export interface WizardDefaults {
  /** The next free id, after the clinics the account holds. */
  clinicId?: string;
  /** The wildcard domain the account has reserved (`*.DOMAIN`), without `*.`. */
  domain?: string;
  region?: (typeof regions)[number];
  /** The SSH user of the technician's latest clinic. */
  user?: string;
  /** The key file of the technician's latest clinic, or else one of ~/.ssh/id_* when no ssh-agent runs. */
  identityFile?: string;
  configPath?: string;
  /** ~/.ssh/config's settings for the host typed. */
  sshHost(address: string): SshHostDefaults;
  /** An ssh-agent runs (SSH_AUTH_SOCK is set): the key question offers it when nothing names a file. */
  agent: boolean;
}

/** Defaults when nothing is known yet: every field empty. */
export const noDefaults: WizardDefaults = { sshHost: () => ({}), agent: false };

/** The answer to the key question that means "ssh-agent, then ssh's usual key files": no identity_file. */
export const agentAnswer = 'agent';

/**
 * A preset with reality's defaults in place of the guide's example values: the same services (names, upstreams,
 * URLs moved to the next free id and the account's domain), but no example host, user, name, header, JWT or allow
 * list. The clinic's name, its host and who may reach each endpoint are the technician's to type.
 */
export function fromReality(preset: SpecDraft, defaults: WizardDefaults): SpecDraft {
  const moved = retarget(preset, {
    id: defaults.clinicId ?? preset.clinic.id,
    domain: defaults.domain ?? '',
  });
  return {
    ...moved,
    clinic: { id: moved.clinic.id, name: '' },
    network: { domain: moved.network.domain, region: defaults.region ?? 'us' },
    services: moved.services.map(({ public: exposed, ...service }) =>
      exposed ? { ...service, public: { url: exposed.url } } : service,
    ),
    host: { address: '', user: '', config_path: defaults.configPath ?? '/etc/ngrok/ngrok.yml' },
  };
}

/** The SSH user to offer: the one answered, else ~/.ssh/config's for the host, else the latest clinic's. */
export function userDefault(draft: SpecDraft, defaults: WizardDefaults): string {
  return draft.host.user || defaults.sshHost(draft.host.address).user || defaults.user || '';
}

/** The SSH port to offer: the one answered, else ~/.ssh/config's for the host, else 22. */
export function portDefault(draft: SpecDraft, defaults: WizardDefaults): number {
  return draft.host.port ?? defaults.sshHost(draft.host.address).port ?? 22;
}

/** The key to offer: ~/.ssh/config's for the host, else the latest clinic's, else the agent when one runs. */
export function keyDefault(draft: SpecDraft, defaults: WizardDefaults): string {
  return (
    draft.host.identity_file ??
    defaults.sshHost(draft.host.address).identityFile ??
    defaults.identityFile ??
    (defaults.agent ? agentAnswer : '')
  );
}
