import type { HostAnswers, RecordAnswers } from './build.js';
import type { ClinicRecord, HostRecord } from './record.js';

/** Which of a clinic's machines a host is: the primary, or the standby that pools the same endpoints. */
export type HostRole = 'primary' | 'standby';

/** A host to log in to, in the answers file's terms (the record's pinned host key included). */
export interface RecordedHost {
  role: HostRole;
  spec: HostAnswers;
}

/**
 * The clinic's hosts, primary first: from an answers file when one is given, else from the clinic record. Empty
 * when neither names a host. The identity file is this laptop's (`--identity`, or the one it remembers for the
 * clinic): it applies to every host that does not name its own, and is never part of the record.
 */
export function recordedHosts(
  record: ClinicRecord | undefined,
  overrides: { spec?: HostPair; identityFile?: string } = {},
): RecordedHost[] {
  const named = overrides.spec ?? recordHosts(record);
  if (!named) return [];
  const hosts: RecordedHost[] = [
    { role: 'primary', spec: named.host },
    ...(named.standby_host ? [{ role: 'standby' as const, spec: named.standby_host }] : []),
  ];
  const identityFile = overrides.identityFile;
  return hosts.map((host) =>
    identityFile && !host.spec.identity_file
      ? { ...host, spec: { ...host.spec, identity_file: identityFile } }
      : host,
  );
}

type HostPair = Pick<RecordAnswers, 'host' | 'standby_host'>;

/** The record's hosts in the answers file's terms; undefined when it names none. */
function recordHosts(record: ClinicRecord | undefined): HostPair | undefined {
  if (!record?.host) return undefined;
  return {
    host: hostAnswers(record.host),
    ...(record.standby_host ? { standby_host: hostAnswers(record.standby_host) } : {}),
  };
}

function hostAnswers(host: HostRecord): HostAnswers {
  return {
    address: host.address,
    port: host.port,
    user: host.user,
    config_path: host.config_path,
    ...(host.host_key ? { host_key: host.host_key } : {}),
  };
}
