import { UserError } from '../../source/errors.js';
import type { HostTarget } from '../../source/host/target.js';
import { collect } from '../../source/ngrok/client.js';
import { parseTag, type Tag } from '../../source/ngrok/tags.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { ClinicSpec, HostSpec } from '../../source/spec/schema.js';
import type { RotateApi } from './types.js';

/**
 * The clinic record: onboarding writes the host's address, port, user, config path and host-key fingerprint into
 * the clinic credential's tag (`host`, and `standby_host` when there is one), so any laptop with the API key can
 * rotate. An answers file overrides it; an identity-file path only ever comes from this laptop.
 */
export interface RecordedHost {
  target: HostTarget;
  configPath: string;
}

/** Every credential tagged as the agent credential of some clinic (or of one clinic), newest first. */
export async function listClinicCredentials(api: RotateApi, clinic?: string): Promise<Credential[]> {
  const all = await collect(api.credentials.list());
  return all.filter((credential) => {
    const tag = parseTag(credential.metadata);
    return (
      tag?.role === 'agent-credential' && !!tag.clinic && (clinic === undefined || tag.clinic === clinic)
    );
  });
}

/** The generation number in a credential's tag (1 when onboarding wrote none). */
export function generationOf(credential: Credential): number {
  return parseTag(credential.metadata)?.generation ?? 1;
}

/** The hosts to push to: from the answers file when given, else from the credential's tag. */
export function recordedHosts(
  clinic: string,
  credential: Credential,
  overrides: { spec?: ClinicSpec; identityFile?: string },
): RecordedHost[] {
  const tag = parseTag(credential.metadata);
  const fromSpec = overrides.spec
    ? [overrides.spec.host, ...(overrides.spec.standby_host ? [overrides.spec.standby_host] : [])].map(
        specHost,
      )
    : undefined;
  const hosts =
    fromSpec ?? [tag?.host, ...(tag?.standby_host ? [tag.standby_host] : [])].map((h) => tagHost(clinic, h));
  const identityFile = overrides.identityFile;
  return hosts.map((host) =>
    identityFile && !host.target.identityFile ? { ...host, target: { ...host.target, identityFile } } : host,
  );
}

function specHost(host: HostSpec): RecordedHost {
  return {
    target: {
      address: host.address,
      port: host.port,
      user: host.user,
      ...(host.identity_file ? { identityFile: host.identity_file } : {}),
      ...(host.host_key ? { hostKey: host.host_key } : {}),
    },
    configPath: host.config_path,
  };
}

function tagHost(clinic: string, value: Tag[string]): RecordedHost {
  const host = (value ?? {}) as Record<string, unknown>;
  const address = typeof host.address === 'string' ? host.address : undefined;
  const user = typeof host.user === 'string' ? host.user : undefined;
  const configPath = typeof host.config_path === 'string' ? host.config_path : '/etc/ngrok/ngrok.yml';
  if (!address || !user) {
    throw new UserError(
      `The ngrok account holds no host record for ${clinic} (it was onboarded by an older clinic-tui).`,
      'Pass --answers FILE with the clinic host (host.address, host.user) to rotate it.',
    );
  }
  return {
    target: {
      address,
      port: typeof host.port === 'number' ? host.port : 22,
      user,
      ...(typeof host.host_key === 'string' ? { hostKey: host.host_key } : {}),
    },
    configPath,
  };
}
