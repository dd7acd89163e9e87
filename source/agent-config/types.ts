/** One endpoint in ngrok.yml v3 (a top-level `endpoints` entry, never under `agent`). */
export interface AgentEndpoint {
  name: string;
  url: string;
  description?: string;
  /** Present (and true) only when the clinic runs a standby agent on the same internal URLs. */
  pooling_enabled?: true;
  /** A bare port is written as a YAML integer, as in ngrok's own examples. */
  upstream: { url: number | string };
  /** tls:// only: the agent ends TLS with these PEM files (https://ngrok.com/docs/agent/config/v3#agent_tls_termination). */
  agent_tls_termination?: { server_certificate: string; server_private_key: string };
}

/** The subset of the ngrok agent config v3 that clinic-tui writes. */
export interface AgentConfig {
  version: 3;
  agent: {
    authtoken: string;
    connect_url?: string;
    metadata?: string;
  };
  endpoints: AgentEndpoint[];
}
