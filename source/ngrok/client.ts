import type { HttpSend } from './http-request.js';
import { type RateLimiter, sleepFor } from './rate-limiter.js';
import { type ReadOptions, type Resource, resource } from './resources.js';
import { ServiceUsers } from './service-users.js';
import { ApiTransport } from './transport.js';
import {
  type AgentIngress,
  type AgentIngressCreate,
  agentIngressSchema,
  type Credential,
  type CredentialCreate,
  type CredentialUpdate,
  credentialSchema,
  type Endpoint,
  type EndpointCreate,
  type EndpointUpdate,
  endpointSchema,
  type ReservedAddr,
  type ReservedAddrCreate,
  type ReservedDomain,
  type ReservedDomainCreate,
  reservedAddrSchema,
  reservedDomainSchema,
  type TunnelSession,
  tunnelSessionSchema,
} from './types.js';

export { collect } from './paging.js';

export interface NgrokClientOptions {
  apiKey: string;
  /**
   * Default: NGROK_API_URL from the environment, else ngrok's base URL https://api.ngrok.com
   * (https://ngrok.com/docs/api/#authentication).
   */
  baseUrl?: string;
  /** Per request; default 15000. */
  timeoutMs?: number;
  /** Extra tries after a network failure or a 5xx; default 5. A 429 is waited out instead (onRateLimitWait). */
  maxRetries?: number;
  /** Default: the process-wide limiter (120 requests per rolling 60 s). */
  limiter?: RateLimiter;
  /** How a request is sent (default: node:http); tests pass fetch or a fake of it. */
  fetch?: HttpSend;
  /** Aborts every request of this client (Ctrl+C). */
  signal?: AbortSignal;
  /** Test hooks: how backoff waits happen, and the jitter source. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /**
   * Called before each wait for ngrok's rate limit (429 ERR_NGROK_226), with the wait in whole seconds, so a
   * command can say "ngrok rate limit: waiting N s". Ctrl+C (`signal`) ends the wait at once.
   */
  onRateLimitWait?: (seconds: number) => void;
}

/** Tunnel sessions (online agents) are read, stopped and restarted; they are never created through the API. */
export interface TunnelSessions {
  list(): AsyncIterable<TunnelSession>;
  get(id: string, options?: ReadOptions): Promise<TunnelSession>;
  /** The agent exits (https://ngrok.com/docs/api-reference/tunnelsessions/stop). */
  stop(id: string): Promise<void>;
  /**
   * The agent re-execs itself and comes back with a new `ts_` id
   * (https://ngrok.com/docs/api-reference/tunnelsessions/restart).
   */
  restart(id: string): Promise<void>;
}

/** A typed ngrok API v2 client on node:http + zod: timeouts, retries, paging and one shared rate limiter. */
export class NgrokClient {
  readonly serviceUsers: ServiceUsers;
  readonly credentials: Resource<Credential, CredentialCreate, CredentialUpdate>;
  readonly reservedDomains: Omit<Resource<ReservedDomain, ReservedDomainCreate>, 'update'>;
  readonly reservedAddrs: Omit<Resource<ReservedAddr, ReservedAddrCreate>, 'update'>;
  /**
   * Create/update/delete work on cloud endpoints only; agent endpoints are read-only
   * (https://ngrok.com/docs/endpoints/cloud-endpoints#differences-from-agent-endpoints).
   */
  readonly endpoints: Resource<Endpoint, EndpointCreate, EndpointUpdate>;
  readonly tunnelSessions: TunnelSessions;
  readonly agentIngresses: Omit<Resource<AgentIngress, AgentIngressCreate>, 'update'>;
  private readonly transport: ApiTransport;

  constructor(options: NgrokClientOptions) {
    this.transport = new ApiTransport({
      apiKey: options.apiKey,
      baseUrl: options.baseUrl ?? process.env.NGROK_API_URL ?? 'https://api.ngrok.com',
      timeoutMs: options.timeoutMs ?? 15_000,
      maxRetries: options.maxRetries ?? 5,
      limiter: options.limiter,
      fetch: options.fetch,
      signal: options.signal,
      sleep: options.sleep ?? sleepFor,
      random: options.random,
      onRateLimitWait: options.onRateLimitWait,
    });
    const transport = this.transport;
    this.serviceUsers = new ServiceUsers(transport);
    this.credentials = resource(transport, '/credentials', 'credentials', credentialSchema);
    this.reservedDomains = resource(transport, '/reserved_domains', 'reserved_domains', reservedDomainSchema);
    this.reservedAddrs = resource(transport, '/reserved_addrs', 'reserved_addrs', reservedAddrSchema);
    this.endpoints = resource(transport, '/endpoints', 'endpoints', endpointSchema);
    this.agentIngresses = resource(transport, '/agent_ingresses', 'ingresses', agentIngressSchema);
    const sessions = resource<TunnelSession, never>(
      transport,
      '/tunnel_sessions',
      'tunnel_sessions',
      tunnelSessionSchema,
    );
    // ngrok's own examples send `{}` as the body of stop/restart; the answer is 204
    // (https://ngrok.com/docs/api-reference/tunnelsessions/restart).
    const sessionAction = async (id: string, action: 'stop' | 'restart') => {
      await transport.request('POST', `/tunnel_sessions/${encodeURIComponent(id)}/${action}`, { body: {} });
    };
    this.tunnelSessions = {
      list: () => sessions.list(),
      get: (id, options) => sessions.get(id, options),
      stop: (id) => sessionAction(id, 'stop'),
      restart: (id) => sessionAction(id, 'restart'),
    };
  }

  /** Requests actually sent (retries included), for benches and tests. */
  get requestCount(): number {
    return this.transport.requestCount;
  }

  /** The API base URL in use (no secrets in it). */
  get baseUrl(): string {
    return this.transport.baseUrl;
  }
}
