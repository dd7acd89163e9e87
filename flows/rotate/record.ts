import { UserError } from '../../source/errors.js';
import { type HostTarget, targetFromSpec } from '../../source/host/target.js';
import { collect } from '../../source/ngrok/client.js';
import { parseTag } from '../../source/ngrok/tags.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { ClinicSpec, HostSpec } from '../../source/spec/schema.js';
import { type HostRecord, readClinicRecord } from '../onboard/clinic-record.js';
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
  // The filter narrows the listing on the server (https://ngrok.com/docs/api/api-filtering); the tag is still
  // parsed here.
  const needle = clinic === undefined ? '"role":"agent-credential"' : `"clinic":${JSON.stringify(clinic)}`;
  const all = await collect(
    api.credentials.list({ filter: `obj.metadata.contains(${JSON.stringify(needle)})` }),
  );
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
  const record = readClinicRecord(credential.metadata);
  const fromSpec = overrides.spec
    ? [overrides.spec.host, ...(overrides.spec.standby_host ? [overrides.spec.standby_host] : [])].map(
        specHost,
      )
    : undefined;
  const hosts = fromSpec ?? [
    recordHost(clinic, record?.host),
    ...(record?.standby_host ? [recordHost(clinic, record.standby_host)] : []),
  ];
  const identityFile = overrides.identityFile;
  return hosts.map((host) =>
    identityFile && !host.target.identityFile ? { ...host, target: { ...host.target, identityFile } } : host,
  );
}

function specHost(host: HostSpec): RecordedHost {
  return { target: targetFromSpec(host), configPath: host.config_path };
}

function recordHost(clinic: string, host: HostRecord | undefined): RecordedHost {
  if (!host) {
    throw new UserError(
      `The ngrok account holds no host record for ${clinic} (it was onboarded by an older clinic-tui).`,
      'Pass --answers FILE with the clinic host (host.address, host.user) to rotate it.',
    );
  }
  return {
    target: {
      address: host.address,
      port: host.port,
      user: host.user,
      ...(host.host_key ? { hostKey: host.host_key } : {}),
    },
    configPath: host.config_path,
  };
}
