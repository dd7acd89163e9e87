/**
 * The keys ngrok.yml v3 allows (https://ngrok.com/docs/agent/config/v3/). One list serves
 * lint and the simulated agent's `config check`, so the two can never disagree on what a valid file is.
 */
export const topLevelKeys = ['version', 'agent', 'endpoints', 'tunnels'];

export const agentKeys = [
  'authtoken',
  'api_key',
  'connect_url',
  'connect_cas',
  'connect_interface',
  'connect_timeout',
  'console_ui',
  'console_ui_color',
  'crl_noverify',
  'dns_resolver_ips',
  'heartbeat_interval',
  'heartbeat_tolerance',
  'inspect_db_size',
  'log_level',
  'log_format',
  'log',
  'metadata',
  'proxy_url',
  'remote_management',
  'update_channel',
  'update_check',
  'web_addr',
  'web_allow_hosts',
];

/** `pooling_enabled` is not in the v3 options table but ngrok's own guides use it. */
export const endpointKeys = [
  'name',
  'url',
  'upstream',
  'bindings',
  'metadata',
  'description',
  'traffic_policy',
  'traffic_policy_file',
  'agent_tls_termination',
  'pooling_enabled',
];

export const upstreamKeys = ['url', 'protocol', 'proxy_protocol'];
