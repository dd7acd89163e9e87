import { formatTag, parseTag } from '../ngrok/tags.js';
import * as z from '../zod.js';
import { agentConfigPathPattern, agentConfigPathRule } from './config-path.js';

/**
 * The clinic record: what clinic-tui keeps about a clinic in the ngrok account, as JSON in the `metadata` of the
 * clinic's agent credential, so `fleet`, `rotate` and `offboard` work from any laptop with the API key. It holds
 * the clinic's name, where its hosts are (address, port, user, config path, host-key fingerprint), the endpoints
 * it serves and the credential's generation. Never a secret.
 *
 * Version 1 added `version`, `name` and `endpoints` to the unversioned record (`clinic`, `generation`, `host`,
 * `standby_host`); both read through this one schema, the fields an older record lacks left out or empty. A
 * later shape bumps `version` and reads the older ones here.
 */
export const recordVersion = 1;

/** ngrok keeps at most 4096 bytes of a credential's metadata (https://ngrok.com/docs/api/resources/credentials/). */
export const metadataLimit = 4096;

const hostRecordSchema = z.object({
  address: z.string().check(z.minLength(1)),
  port: z.number().check(z.int(), z.minimum(1), z.maximum(65535)),
  user: z.string().check(z.minLength(1)),
  /** A record whose path breaks the rule is no record at all: the path is where root writes. */
  config_path: z.string().check(z.regex(agentConfigPathPattern, agentConfigPathRule)),
  /**
   * The SHA256 fingerprint of the host key the SSH connection verified when the record was written. Anyone with
   * the API key can change it, so it only ever narrows trust: it must agree with known_hosts, never adds to it.
   */
  host_key: z.optional(z.string()),
});
/** Where one of the clinic's hosts is, and the host key it proved it has. */
export type HostRecord = z.infer<typeof hostRecordSchema>;

const endpointRecordSchema = z.object({
  /** The service name from the answers file. */
  name: z.string().check(z.minLength(1)),
  internal_url: z.string().check(z.minLength(1)),
  /** Absent for a service that is not published, or whose TCP address was not reserved yet. */
  public_url: z.optional(z.string()),
});
/** One endpoint the clinic serves. */
export type EndpointRecord = z.infer<typeof endpointRecordSchema>;

const storedRecordSchema = z.object({
  clinic_tui: z.literal(1),
  role: z.literal('agent-credential'),
  version: z.optional(z.number().check(z.int(), z.minimum(1))),
  clinic: z.string().check(z.minLength(1)),
  name: z.optional(z.string().check(z.minLength(1))),
  generation: z._default(z.number().check(z.int(), z.minimum(1)), 1),
  host: z.optional(hostRecordSchema),
  standby_host: z.optional(hostRecordSchema),
  endpoints: z._default(z.array(endpointRecordSchema), []),
});

/** The record as clinic-tui reads and writes it (the tag fields and the version are added when it is stored). */
export interface ClinicRecord {
  /** The clinic id. */
  clinic: string;
  /** The clinic's name, for people; absent in records written before version 1. */
  name?: string;
  /** 1 for the credential onboarding made, one more for each rotation. */
  generation: number;
  host?: HostRecord;
  standby_host?: HostRecord;
  endpoints: EndpointRecord[];
}

/** The record as the metadata string stored on the credential (checked against the record's schema). */
export function formatClinicRecord(record: ClinicRecord): string {
  const bytes = recordBytes(record);
  if (bytes > metadataLimit) {
    throw new Error(`the clinic record of ${record.clinic} is ${bytes} bytes; ngrok keeps ${metadataLimit}`);
  }
  return formatTag(storedRecordSchema.parse(storedForm(record)));
}

/** The size of the stored record in bytes (UTF-8), whether it fits or not. */
export function recordBytes(record: ClinicRecord): number {
  return Buffer.byteLength(JSON.stringify(storedForm(record)));
}

/**
 * Reads the clinic record from a credential's metadata. Undefined when the credential is not a clinic's agent
 * credential, or when its record does not have the record's shape (edited by hand, or damaged): a record that
 * cannot be trusted is treated as no record, never half-read.
 */
export function readClinicRecord(metadata: string | null | undefined): ClinicRecord | undefined {
  const tag = parseTag(metadata);
  if (tag?.role !== 'agent-credential') return undefined;
  const parsed = storedRecordSchema.safeParse(tag);
  if (!parsed.success) return undefined;
  const { clinic, name, generation, host, standby_host, endpoints } = parsed.data;
  return {
    clinic,
    ...(name ? { name } : {}),
    generation,
    ...(host ? { host } : {}),
    ...(standby_host ? { standby_host } : {}),
    endpoints,
  };
}

/** The record with its tag fields and version, only the record's own fields (a host's identity file never). */
function storedForm(record: ClinicRecord) {
  const host = ({ address, port, user, config_path, host_key }: HostRecord): HostRecord => ({
    address,
    port,
    user,
    config_path,
    ...(host_key ? { host_key } : {}),
  });
  return {
    clinic_tui: 1 as const,
    role: 'agent-credential' as const,
    version: recordVersion,
    clinic: record.clinic,
    ...(record.name ? { name: record.name } : {}),
    generation: record.generation,
    ...(record.host ? { host: host(record.host) } : {}),
    ...(record.standby_host ? { standby_host: host(record.standby_host) } : {}),
    endpoints: record.endpoints.map(({ name, internal_url, public_url }) => ({
      name,
      internal_url,
      ...(public_url ? { public_url } : {}),
    })),
  };
}
