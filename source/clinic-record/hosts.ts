import type { HostAnswers, RecordAnswers } from './build.js';
import type { ClinicRecord, HostRecord } from './record.js';

/** Which of a clinic's machines a host is: the primary, or the standby that pools the same endpoints. */
export type HostRole = 'primary' | 'standby';

/** A host to log in to, in the answers file's terms. */
export interface RecordedHost {
  role: HostRole;
  spec: HostAnswers;
  /**
   * The host-key fingerprint the clinic record remembers, kept apart from spec.host_key (an answers file's pin,
   * which trusts): the record is editable by anyone with the API key, so this may only refuse a key, never trust one.
   */
  recordedHostKey?: string;
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
  const named = overrides.spec ? answerHosts(overrides.spec) : recordHosts(record);
  const identityFile = overrides.identityFile;
  return named.map((host) =>
    identityFile && !host.spec.identity_file
      ? { ...host, spec: { ...host.spec, identity_file: identityFile } }
      : host,
  );
}

type HostPair = Pick<RecordAnswers, 'host' | 'standby_host'>;

function answerHosts(spec: HostPair): RecordedHost[] {
  return [
    { role: 'primary', spec: spec.host },
    ...(spec.standby_host ? [{ role: 'standby' as const, spec: spec.standby_host }] : []),
  ];
}

/** The record's hosts in the answers file's terms; empty when it names none. */
function recordHosts(record: ClinicRecord | undefined): RecordedHost[] {
  if (!record?.host) return [];
  return [
    recordedHost('primary', record.host),
    ...(record.standby_host ? [recordedHost('standby', record.standby_host)] : []),
  ];
}

function recordedHost(role: HostRole, host: HostRecord): RecordedHost {
  return {
    role,
    spec: { address: host.address, port: host.port, user: host.user, config_path: host.config_path },
    ...(host.host_key ? { recordedHostKey: host.host_key } : {}),
  };
}
