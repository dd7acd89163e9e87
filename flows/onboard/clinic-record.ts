import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { formatTag, parseTag } from '../../source/ngrok/tags.js';
import type { HostSpec } from '../../source/spec/schema.js';

/**
 * The clinic record: where the clinic's hosts are, kept in the ngrok account on the clinic's agent credential
 * (metadata tag, role agent-credential, plus `host`/`standby_host`), so fleet, rotate and offboard work from any
 * laptop with the API key. Never a secret: address, port, user, config path and host-key fingerprint only.
 */
const hostRecordSchema = z.object({
  address: z.string(),
  port: z.number(),
  user: z.string(),
  config_path: z.string(),
  host_key: z.string().optional(),
});
export type HostRecord = z.infer<typeof hostRecordSchema>;

const recordSchema = z.looseObject({
  clinic: z.string(),
  generation: z.number().int().default(1),
  host: hostRecordSchema.optional(),
  standby_host: hostRecordSchema.optional(),
});
export type ClinicRecord = z.infer<typeof recordSchema>;

/** The record of one host, with the fingerprint the SSH connection verified. */
export function hostRecord(spec: HostSpec, fingerprint: string | undefined): HostRecord {
  return {
    address: spec.address,
    port: spec.port,
    user: spec.user,
    config_path: spec.config_path,
    ...(fingerprint ? { host_key: fingerprint } : {}),
  };
}

/** The credential's metadata: our tag, its generation and the clinic record. */
export function credentialMetadata(
  clinic: string,
  generation: number,
  hosts: { host: HostRecord; standby_host?: HostRecord },
): string {
  return formatTag({ clinic, role: 'agent-credential', generation, ...hosts });
}

/** Reads the clinic record from a credential's metadata; undefined when it is not an agent credential of ours. */
export function readClinicRecord(metadata: string | null | undefined): ClinicRecord | undefined {
  const tag = parseTag(metadata);
  if (tag?.role !== 'agent-credential') return undefined;
  const parsed = recordSchema.safeParse(JSON.parse(metadata!));
  return parsed.success ? parsed.data : undefined;
}

/**
 * The `agent.metadata` written into ngrok.yml: names the credential whose token the file holds, so a rerun can
 * tell from the host which credential it has (tokens carry no readable id), and tunnel sessions report it.
 */
export function agentMetadata(clinic: string, credentialId: string): string {
  return formatTag({ clinic, role: 'agent-credential', credential: credentialId });
}

/** What a host's ngrok.yml says about its credential: the id from agent.metadata and the token (memory only). */
export function credentialInConfig(text: string | undefined): { id?: string; token?: string } {
  if (!text) return {};
  try {
    const agent = (parseYaml(text) as { agent?: { authtoken?: unknown; metadata?: unknown } } | null)?.agent;
    const token = typeof agent?.authtoken === 'string' ? agent.authtoken : undefined;
    const meta =
      typeof agent?.metadata === 'string' ? (JSON.parse(agent.metadata) as { credential?: unknown }) : {};
    const id = typeof meta.credential === 'string' ? meta.credential : undefined;
    return { ...(id ? { id } : {}), ...(token ? { token } : {}) };
  } catch {
    return {};
  }
}
