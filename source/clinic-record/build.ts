import type { ClinicRecord, EndpointRecord, HostRecord } from './record.js';

/**
 * Building the clinic record from a clinic's answers. The shapes below are the parts of a ClinicSpec the record
 * is made of, spelled out here so the answers-file schema can measure the record without an import cycle.
 */

/** A clinic host as the answers file describes it. */
export interface HostAnswers {
  address: string;
  port: number;
  user: string;
  config_path: string;
  identity_file?: string;
  host_key?: string;
}

/** The parts of a clinic's answers the record is made of. */
export interface RecordAnswers {
  clinic: { id: string; name: string };
  services: readonly { name: string; internal_url: string; public?: { url: string } }[];
  host: HostAnswers;
  standby_host?: HostAnswers;
}

/** What the run learned that the answers do not say. */
export interface RecordFacts {
  generation: number;
  /** The SHA256 fingerprint each host's key was verified against, by role. */
  hostKeys: { primary?: string; standby?: string };
  /** The reserved TCP address (host:port) of each service whose public URL is `reserve`, once it exists. */
  reservedAddrs: ReadonlyMap<string, string>;
}

/** The full record of a clinic: its name, hosts, endpoints and the credential's generation. */
export function buildClinicRecord(answers: RecordAnswers, facts: RecordFacts): ClinicRecord {
  return {
    clinic: answers.clinic.id,
    name: answers.clinic.name,
    generation: facts.generation,
    host: hostRecord(answers.host, facts.hostKeys.primary),
    ...(answers.standby_host
      ? { standby_host: hostRecord(answers.standby_host, facts.hostKeys.standby) }
      : {}),
    endpoints: answers.services.map((service) => endpointRecord(service, facts.reservedAddrs)),
  };
}

/** One host's record: never the identity file, a path on one laptop only. */
function hostRecord(host: HostAnswers, fingerprint: string | undefined): HostRecord {
  const hostKey = fingerprint ?? host.host_key;
  return {
    address: host.address,
    port: host.port,
    user: host.user,
    config_path: host.config_path,
    ...(hostKey ? { host_key: hostKey } : {}),
  };
}

function endpointRecord(
  service: RecordAnswers['services'][number],
  reservedAddrs: ReadonlyMap<string, string>,
): EndpointRecord {
  const wanted = service.public?.url;
  const addr = reservedAddrs.get(service.name);
  // The endpoint on a reserved TCP address is tcp:// + the address
  // (https://ngrok.com/docs/universal-gateway/tcp-addresses/).
  const publicUrl = wanted === 'reserve' ? (addr ? `tcp://${addr}` : undefined) : wanted;
  return {
    name: service.name,
    internal_url: service.internal_url,
    ...(publicUrl ? { public_url: publicUrl } : {}),
  };
}
