import { isRecord } from '../policy/finding.js';

/** The oldest ngrok agent that reads a config, and the feature that demands it. */
export interface AgentVersionNeed {
  version: string;
  /** The config key that needs it, as a finding path (endpoints, endpoints[1].agent_tls_termination). */
  path: string;
  feature: string;
}

/**
 * The config features newer agents added, from https://ngrok.com/docs/agent/changelog: `endpoints:` in 3.16.0,
 * Traffic Policy phases (on_tcp_connect, on_http_request, on_http_response) in 3.17.0, TLS termination in v3
 * configs in 3.19.0, bindings in 3.20.0. Oldest first.
 */
const features: {
  version: string;
  feature: string;
  find: (endpoint: Record<string, unknown>) => string | undefined;
}[] = [
  {
    version: '3.17.0',
    feature: 'Traffic Policy phases such as on_tcp_connect',
    find: (e) => (hasPhases(e.traffic_policy) ? 'traffic_policy' : undefined),
  },
  {
    version: '3.19.0',
    feature: 'agent_tls_termination',
    find: (e) => (e.agent_tls_termination !== undefined ? 'agent_tls_termination' : undefined),
  },
  {
    version: '3.20.0',
    feature: 'bindings',
    find: (e) => (e.bindings !== undefined ? 'bindings' : undefined),
  },
];

function hasPhases(policy: unknown): boolean {
  return isRecord(policy) && Object.keys(policy).some((key) => key.startsWith('on_'));
}

/** The oldest agent version that can run this ngrok.yml; undefined when it uses none of the newer features. */
export function minimumAgentVersionFor(config: unknown): AgentVersionNeed | undefined {
  if (!isRecord(config) || !Array.isArray(config.endpoints)) return undefined;
  let need: AgentVersionNeed = {
    version: '3.16.0',
    path: 'endpoints',
    feature: 'the top-level endpoints: list',
  };
  config.endpoints.forEach((endpoint, index) => {
    if (!isRecord(endpoint)) return;
    for (const { version, feature, find } of features) {
      const key = find(endpoint);
      if (key && compareVersions(version, need.version) > 0)
        need = { version, feature, path: `endpoints[${index}].${key}` };
    }
  });
  return need;
}

/**
 * What stops an agent of `version` (as `ngrok version` prints it: `3.9.0`, `3.22.1-…`) from running this config, in
 * one sentence; undefined when it is new enough or the version cannot be read.
 */
export function agentTooOld(version: string, config: unknown): string | undefined {
  const need = minimumAgentVersionFor(config);
  const have = /^\d+(\.\d+)*/.exec(version)?.[0];
  if (!need || !have || compareVersions(have, need.version) >= 0) return undefined;
  return `ngrok ${have} is older than ${need.version}, which ${need.feature} (${need.path}) needs`;
}

/** Orders dotted versions numerically: 3.9.0 < 3.16.0. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
