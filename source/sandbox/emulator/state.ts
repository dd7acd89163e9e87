import type { Duplex } from 'node:stream';
import { Collection, newId, type StoredObject } from './store.js';

/** One request as the emulator received it; the Authorization value is masked so logs never hold a secret. */
export interface RequestLogEntry {
  /** The emulator clock when the request arrived. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** The status the emulator answered with; 0 when the connection was dropped on purpose. */
  status?: number;
  /** The ngrok error code of a refusal, when it carries one (a client must go by it, not by the status). */
  errorCode?: string;
}

/** The open NDJSON response of a connected (simulated) agent; absent for synthetic seeded sessions. */
export interface AgentChannel {
  send(message: Record<string, unknown>): void;
  end(): void;
}

/**
 * A connection carried to an agent (agent-proxy.ts): pending until the agent dials back, then its socket, which
 * lives as long as the session it was sent over.
 */
export interface AgentStream {
  sessionId: string;
  credentialId: string;
  socket?: Duplex;
  /** Resolves or rejects the `openAgentStream` that is waiting for this stream. */
  settle(result: Duplex | Error): void;
}

/** The identity of an endpoint URL: scheme, host and port as the API reports them. */
export function endpointKey(endpoint: Record<string, unknown>): string {
  return `${String(endpoint.scheme)}://${String(endpoint.host)}:${String(endpoint.port)}`;
}

/** What the account's ngrok plan includes; a test may change it at any time. */
export interface AccountPlan {
  /**
   * Custom agent connect URLs (`POST /agent_ingresses`). Not available on self-serve plans
   * (https://ngrok.com/docs/agent/connect-url/#connect-url-pricing).
   */
  customConnectUrls: boolean;
}

/** Everything the emulated ngrok account holds; inspectable by tests. */
export class EmulatorState {
  /**
   * The account's own user: the default credential owner (`owner_id` "Defaults to the authenticated User or Bot",
   * https://ngrok.com/docs/api-reference/credentials/create).
   */
  readonly accountUserId = newId('usr');
  /**
   * One collection serves both /service_users and /bot_users: the same resource renamed
   * (https://ngrok.com/docs/api-reference/service-users).
   */
  readonly serviceUsers = new Collection<StoredObject>('service user');
  readonly credentials = new Collection<StoredObject>('credential');
  readonly reservedDomains = new Collection<StoredObject>('reserved domain');
  /** Indexed by host:port, for new addresses and the check that a public tcp endpoint's address is reserved. */
  readonly reservedAddrs = new Collection<StoredObject>('reserved address', (record) => String(record.addr));
  /**
   * Indexed by scheme://host:port, the identity ERR_NGROK_334 checks
   * (https://ngrok.com/docs/endpoints/endpoint-pooling#conflicts).
   */
  readonly endpoints = new Collection<StoredObject>('endpoint', endpointKey);
  /** Indexed by credential id, for fleet joins and revocation. */
  readonly tunnelSessions = new Collection<StoredObject>('tunnel session', (session) =>
    String((session.credential as { id?: string } | null)?.id),
  );
  readonly agentIngresses = new Collection<StoredObject>('agent ingress');
  /**
   * authtoken → credential id. ngrok's API shows a token only once, in the create response
   * (https://ngrok.com/docs/api-reference/credentials/create); the emulator must keep it to authenticate agents.
   */
  readonly authtokens = new Map<string, string>();
  /** tunnel session id → the agent's open response. */
  readonly channels = new Map<string, AgentChannel>();
  /** Connection id → a connection sent to an agent, pending or open. */
  readonly agentStreams = new Map<string, AgentStream>();
  readonly requestLog: RequestLogEntry[] = [];
  /** API keys accepted; empty means any non-empty key is accepted. */
  readonly apiKeys = new Set<string>();
  readonly plan: AccountPlan = { customConnectUrls: true };

  constructor(
    /** The emulator's base URL, for `uri` and `next_page_uri` fields. */
    public baseUrl: string,
    readonly clock: () => number,
    /** Picks among answers ngrok's docs leave open (e.g. the status of a plan refusal). */
    readonly random: () => number = Math.random,
  ) {}

  /** How many of each resource exist right now. */
  counts(): Record<string, number> {
    return {
      serviceUsers: this.serviceUsers.size,
      credentials: this.credentials.size,
      reservedDomains: this.reservedDomains.size,
      reservedAddrs: this.reservedAddrs.size,
      endpoints: this.endpoints.size,
      tunnelSessions: this.tunnelSessions.size,
      agentIngresses: this.agentIngresses.size,
    };
  }

  /** A full resource URI such as `http://127.0.0.1:PORT/credentials/cr_…`. */
  uri(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** Sessions opened with this credential. */
  sessionsOf(credentialId: string): StoredObject[] {
    return this.tunnelSessions.withKey(credentialId).reverse();
  }

  /**
   * Ends a tunnel session: tells its agent why (`stop`, `restart`, `revoked`), closes the stream, and removes the
   * session and its agent endpoints, since only online agents and active endpoints are listed
   * (https://ngrok.com/docs/api-reference/tunnelsessions/list, https://ngrok.com/docs/api-reference/endpoints/list).
   */
  endSession(sessionId: string, reason?: 'stop' | 'restart' | 'revoked'): void {
    const channel = this.channels.get(sessionId);
    this.channels.delete(sessionId);
    this.dropSession(sessionId);
    if (channel) {
      if (reason) channel.send({ type: reason });
      channel.end();
    }
  }

  /** Removes a session and its endpoints without touching the channel (the socket already closed). */
  dropSession(sessionId: string): void {
    if (!this.tunnelSessions.find(sessionId)) return;
    this.tunnelSessions.remove(sessionId);
    for (const endpoint of this.endpoints.all()) {
      if ((endpoint.tunnel_session as { id?: string } | null)?.id === sessionId)
        this.endpoints.remove(endpoint.id);
    }
  }
}
