import * as z from '../zod.js';

/**
 * The ngrok API v2 resources clinic-tui uses, as zod schemas. Objects are loose on purpose: ngrok may add fields
 * to the current version (https://ngrok.com/docs/api/#versioning-and-api-stability), so parsers must ignore unknown
 * ones. Only the fields we read are listed.
 */

/**
 * A field ngrok may omit or send as null (its OAS marks nothing nullable, yet e.g. `token` comes back null outside
 * the create response: https://ngrok.com/docs/api-reference/credentials/get); both read as `fallback`.
 */
function orFallback<T>(schema: z.ZodMiniType<T>, fallback: T) {
  return z.pipe(
    z.nullish(schema),
    z.transform((value: T | null | undefined) => value ?? fallback),
  );
}

/** A string field ngrok may omit or send as null, read as ''. */
const nullableString = orFallback(z.string(), '');

export const refSchema = z.looseObject({ id: z.string(), uri: nullableString });
export type Ref = z.infer<typeof refSchema>;

export const serviceUserSchema = z.looseObject({
  id: z.string(),
  uri: nullableString,
  name: nullableString,
  active: orFallback(z.boolean(), true),
  created_at: nullableString,
});
export type ServiceUser = z.infer<typeof serviceUserSchema>;

export const credentialSchema = z.looseObject({
  id: z.string(),
  uri: nullableString,
  created_at: nullableString,
  description: nullableString,
  metadata: nullableString,
  /** Present only in the create response; null afterwards (https://ngrok.com/docs/api-reference/credentials/get). */
  token: z.nullish(z.string()),
  acl: orFallback(z.array(z.string()), []),
  owner_id: nullableString,
});
export type Credential = z.infer<typeof credentialSchema>;

export const reservedDomainSchema = z.looseObject({
  id: z.string(),
  uri: nullableString,
  created_at: nullableString,
  description: nullableString,
  metadata: nullableString,
  domain: z.string(),
  region: nullableString,
  cname_target: z.nullish(z.string()),
  acme_challenge_cname_target: z.nullish(z.string()),
});
export type ReservedDomain = z.infer<typeof reservedDomainSchema>;

export const reservedAddrSchema = z.looseObject({
  id: z.string(),
  uri: nullableString,
  created_at: nullableString,
  description: nullableString,
  metadata: nullableString,
  /**
   * host:port with no scheme; an endpoint URL is `tcp://` + addr
   * (https://ngrok.com/docs/domains/tcp-addresses#public-endpoint-creation).
   */
  addr: z.string(),
  region: nullableString,
});
export type ReservedAddr = z.infer<typeof reservedAddrSchema>;

export const endpointSchema = z.looseObject({
  id: z.string(),
  uri: nullableString,
  created_at: nullableString,
  updated_at: nullableString,
  /**
   * `cloud`, or an agent endpoint reported as `agent` (https://ngrok.com/docs/gateway/types) or `ephemeral` (`type`
   * at https://ngrok.com/docs/api-reference/endpoints/get); `edge` is legacy.
   */
  type: nullableString,
  url: nullableString,
  public_url: z.nullish(z.string()),
  proto: z.nullish(z.string()),
  description: nullableString,
  metadata: nullableString,
  traffic_policy: nullableString,
  bindings: orFallback(z.array(z.string()), []),
  pooling_enabled: orFallback(z.boolean(), false),
  upstream_url: z.nullish(z.string()),
  name: z.nullish(z.string()),
  principal: z.nullish(refSchema),
  tunnel_session: z.nullish(refSchema),
});
export type Endpoint = z.infer<typeof endpointSchema>;

/** True for endpoints started by an agent (the API reports them as `agent` or `ephemeral`). */
export function isAgentEndpoint(endpoint: Pick<Endpoint, 'type'>): boolean {
  return endpoint.type === 'agent' || endpoint.type === 'ephemeral';
}

export const tunnelSessionSchema = z.looseObject({
  id: z.string(),
  uri: nullableString,
  agent_version: nullableString,
  credential: z.nullish(refSchema),
  ip: nullableString,
  metadata: nullableString,
  os: nullableString,
  region: nullableString,
  started_at: nullableString,
  transport: nullableString,
});
export type TunnelSession = z.infer<typeof tunnelSessionSchema>;

export const agentIngressSchema = z.looseObject({
  id: z.string(),
  uri: nullableString,
  created_at: nullableString,
  description: nullableString,
  metadata: nullableString,
  domain: z.string(),
  ns_targets: orFallback(z.array(z.string()), []),
  region_domains: orFallback(z.array(z.string()), []),
});
export type AgentIngress = z.infer<typeof agentIngressSchema>;

/** ngrok's error body: {error_code, status_code, msg, details: {operation_id}} (https://ngrok.com/docs/api/#errors). */
/** Each field is read on its own: one odd field (say `status_code` as a string) must not hide the error code. */
export const apiErrorBodySchema = z.looseObject({
  error_code: z.catch(z.optional(z.string()), undefined),
  status_code: z.catch(z.optional(z.number()), undefined),
  msg: z.catch(z.optional(z.string()), undefined),
  details: z.catch(z.nullish(z.record(z.string(), z.unknown())), undefined),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** Request bodies, snake_case as the API expects. */
export interface ServiceUserCreate {
  name: string;
  active?: boolean;
}
export interface CredentialCreate {
  description?: string;
  metadata?: string;
  acl?: string[];
  owner_id?: string;
}
export interface CredentialUpdate {
  description?: string;
  metadata?: string;
  acl?: string[];
}
export interface ReservedDomainCreate {
  domain: string;
  description?: string;
  metadata?: string;
}
export interface ReservedAddrCreate {
  description?: string;
  metadata?: string;
  region?: string;
}
export interface EndpointCreate {
  type: 'cloud';
  url: string;
  /** The policy document as a JSON string, never an object (https://ngrok.com/docs/api-reference/endpoints/create). */
  traffic_policy: string;
  bindings?: ['public' | 'internal'];
  description?: string;
  metadata?: string;
  pooling_enabled?: boolean;
}
export interface EndpointUpdate {
  traffic_policy?: string;
  description?: string;
  metadata?: string;
}
export interface AgentIngressCreate {
  domain: string;
  description?: string;
  metadata?: string;
}
