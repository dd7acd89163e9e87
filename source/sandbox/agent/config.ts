import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { agentKeys, endpointKeys, topLevelKeys, upstreamKeys } from '../../agent-config/keys.js';

/** The parts of an ngrok.yml v3 the simulated agent uses. */
export interface SimConfig {
  authtoken: string;
  metadata: string;
  connectUrl?: string;
  log?: string;
  endpoints: { name: string; url: string; upstreamUrl: string; poolingEnabled: boolean }[];
}

/** A config the agent refuses; the message reads like the real agent's. */
export class ConfigError extends Error {}

/** Reads and validates a config file as `ngrok config check` would (v3 only, unknown fields rejected). */
export function loadConfig(path: string): SimConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Error reading configuration file '${path}': ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`Error parsing configuration file '${path}': yaml: ${(error as Error).message}`);
  }
  return validateConfig(doc);
}

/** Validates a parsed document; throws ConfigError naming the first bad property. */
export function validateConfig(doc: unknown): SimConfig {
  const root = asMap(doc, '');
  onlyKeys(root, topLevelKeys, '');
  if (String(root.version) !== '3') {
    throw new ConfigError(
      `Invalid configuration property value for 'version', '${root.version}': only version 3 is supported by this agent`,
    );
  }
  const agent = asMap(root.agent ?? {}, 'agent');
  onlyKeys(agent, agentKeys, 'agent');
  if (typeof agent.authtoken !== 'string' || agent.authtoken.trim() === '') {
    throw new ConfigError(
      "Invalid configuration property value for 'agent.authtoken': an authtoken is required (ERR_NGROK_4018)",
    );
  }
  if (agent.connect_url !== undefined && !/^[a-z0-9.-]+:\d{1,5}$/i.test(String(agent.connect_url))) {
    throw new ConfigError(
      `Invalid configuration property value for 'agent.connect_url', '${agent.connect_url}': must be host:port`,
    );
  }
  const rawEndpoints = root.endpoints ?? [];
  if (!Array.isArray(rawEndpoints))
    throw new ConfigError("Invalid configuration property value for 'endpoints': must be a list");
  const names = new Set<string>();
  const endpoints = rawEndpoints.map((raw, index) => {
    const at = `endpoints[${index}]`;
    const endpoint = asMap(raw, at);
    onlyKeys(endpoint, endpointKeys, at);
    if (typeof endpoint.name !== 'string' || endpoint.name === '')
      throw new ConfigError(`'${at}.name' is required`);
    if (names.has(endpoint.name)) throw new ConfigError(`endpoint name '${endpoint.name}' is used twice`);
    names.add(endpoint.name);
    const url = String(endpoint.url ?? '');
    checkEndpointUrl(url, at);
    const upstream = asMap(endpoint.upstream, `${at}.upstream`);
    onlyKeys(upstream, upstreamKeys, `${at}.upstream`);
    if (upstream.url === undefined || upstream.url === '')
      throw new ConfigError(`'${at}.upstream.url' is required`);
    if (endpoint.pooling_enabled !== undefined && typeof endpoint.pooling_enabled !== 'boolean') {
      throw new ConfigError(
        `Invalid configuration property value for '${at}.pooling_enabled': must be true or false`,
      );
    }
    return {
      name: endpoint.name,
      url,
      upstreamUrl: normaliseUpstream(upstream.url),
      poolingEnabled: endpoint.pooling_enabled === true,
    };
  });
  return {
    authtoken: agent.authtoken,
    metadata: typeof agent.metadata === 'string' ? agent.metadata : '',
    ...(agent.connect_url ? { connectUrl: String(agent.connect_url) } : {}),
    ...(typeof agent.log === 'string' && agent.log !== 'false' ? { log: agent.log } : {}),
    endpoints,
  };
}

function checkEndpointUrl(url: string, at: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `https://${url}`);
  } catch {
    throw new ConfigError(`Invalid configuration property value for '${at}.url', '${url}': not a URL`);
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (!['http', 'https', 'tcp', 'tls'].includes(scheme)) {
    throw new ConfigError(
      `Invalid configuration property value for '${at}.url', '${url}': unsupported scheme '${scheme}'`,
    );
  }
  const internal = parsed.hostname.endsWith('.internal');
  if (internal && scheme === 'tcp' && parsed.port === '') {
    throw new ConfigError(
      `Invalid configuration property value for '${at}.url', '${url}': a tcp internal endpoint must include a port`,
    );
  }
  if (internal && parsed.hostname.split('.').length - 1 > 6) {
    throw new ConfigError(
      `Invalid configuration property value for '${at}.url', '${url}': too many labels before .internal`,
    );
  }
  const defaultPort = scheme === 'http' ? '80' : '443';
  if (
    !internal &&
    (scheme === 'http' || scheme === 'https') &&
    parsed.port !== '' &&
    parsed.port !== defaultPort
  ) {
    throw new ConfigError(
      `Invalid configuration property value for '${at}.url', '${url}': ${scheme} endpoints listen on port ${defaultPort} only`,
    );
  }
}

function normaliseUpstream(value: unknown): string {
  const text = String(value);
  if (/^\d+$/.test(text)) return `http://localhost:${text}`;
  if (/^[^/:]+:\d+$/.test(text)) return `http://${text}`;
  return text;
}

function asMap(value: unknown, at: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      at
        ? `Invalid configuration property value for '${at}': must be a map`
        : 'the configuration file must be a YAML map',
    );
  }
  return value as Record<string, unknown>;
}

function onlyKeys(map: Record<string, unknown>, allowed: string[], at: string): void {
  for (const key of Object.keys(map)) {
    if (!allowed.includes(key)) {
      const where = at ? `${at}.${key}` : key;
      throw new ConfigError(
        `Error reading configuration file: field '${where}' not found in type config.v3 (unknown property)`,
      );
    }
  }
}
