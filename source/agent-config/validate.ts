import { at, error, type Finding, info, isRecord, warning } from '../policy/finding.js';
import { agentKeys, topLevelKeys } from './keys.js';
import { validateAgentEndpoint } from './validate-endpoint.js';
import { minimumAgentVersionFor } from './version.js';

/**
 * v2 keys that moved under `agent:` in v3 (https://ngrok.com/docs/agent/config/v3#breaking-changes), so the
 * message can say where they go.
 */
const movedToAgent = new Set([...agentKeys, 'server_addr', 'root_cas']);

/** Checks a parsed ngrok.yml against the agent config v3 rules (https://ngrok.com/docs/agent/config/v3). */
export function validateAgentConfig(obj: unknown): Finding[] {
  if (!isRecord(obj))
    return [error('(top level)', 'an ngrok.yml is a mapping with version: 3, agent and endpoints')];
  const findings: Finding[] = [];
  if (obj.version === undefined)
    findings.push(error('version', 'is missing; ngrok.yml v3 starts with version: 3'));
  else if (obj.version !== 3 && obj.version !== '3')
    findings.push(
      error('version', `is ${JSON.stringify(obj.version)}; this tool and the endpoints key need version: 3`),
    );
  for (const key of Object.keys(obj).filter((k) => !topLevelKeys.includes(k))) {
    const hint = movedToAgent.has(key) ? `; in v3 it belongs under agent: (agent.${key})` : '';
    findings.push(error(key, `is not a top-level ngrok.yml v3 key${hint}`));
  }
  if (obj.tunnels !== undefined)
    findings.push(warning('tunnels', 'tunnels is deprecated and slated for removal; use endpoints'));
  findings.push(...validateAgentSection(obj.agent));
  const nested = isRecord(obj.agent) && obj.agent.endpoints !== undefined;
  if (!(nested && obj.endpoints === undefined)) findings.push(...validateEndpoints(obj.endpoints));
  const need = minimumAgentVersionFor(obj);
  if (need)
    findings.push(
      info(
        need.path,
        `needs ngrok agent ${need.version} or newer, which added ${need.feature} ` +
          '(https://ngrok.com/docs/agent/changelog); an older agent does not start these endpoints',
      ),
    );
  return findings;
}

function validateAgentSection(agent: unknown): Finding[] {
  if (agent === undefined)
    return [error('agent', 'is missing; v3 needs an agent section with the authtoken')];
  if (!isRecord(agent)) return [error('agent', 'must be a mapping (authtoken, connect_url, …)')];
  const findings: Finding[] = [];
  for (const key of Object.keys(agent).filter((k) => !agentKeys.includes(k))) {
    if (key === 'endpoints' || key === 'tunnels')
      findings.push(
        error(
          at('agent', key),
          `${key} is nested under agent; it must be a top-level key next to agent, or no endpoint starts`,
        ),
      );
    else findings.push(error(at('agent', key), 'is not a known agent setting'));
  }
  if (agent.authtoken === undefined)
    findings.push(
      warning('agent.authtoken', 'is missing; the agent cannot connect unless another config file sets it'),
    );
  else if (typeof agent.authtoken !== 'string' || agent.authtoken.trim() === '')
    findings.push(error('agent.authtoken', 'must be the authtoken string'));
  if (agent.connect_url !== undefined && !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(String(agent.connect_url)))
    findings.push(error('agent.connect_url', 'must be host:port such as connect.example.com:443'));
  if (typeof agent.metadata === 'string' && agent.metadata.length > 4096)
    findings.push(error('agent.metadata', 'is longer than ngrok allows (4096 characters)'));
  return findings;
}

function validateEndpoints(endpoints: unknown): Finding[] {
  if (endpoints === undefined) return [warning('endpoints', 'no endpoints: the agent will start nothing')];
  if (!Array.isArray(endpoints)) return [error('endpoints', 'must be a list of endpoints')];
  const findings = endpoints.flatMap((endpoint, index) =>
    validateAgentEndpoint(endpoint, at('endpoints', index)),
  );
  const names = new Map<string, number>();
  const urls = new Map<string, { index: number; pooled: boolean }>();
  endpoints.forEach((endpoint, index) => {
    if (!isRecord(endpoint)) return;
    const path = at('endpoints', index);
    if (typeof endpoint.name === 'string') {
      const first = names.get(endpoint.name);
      if (first !== undefined)
        findings.push(
          error(
            at(path, 'name'),
            `"${endpoint.name}" is also the name of endpoints[${first}]; names must be unique`,
          ),
        );
      else names.set(endpoint.name, index);
    }
    if (typeof endpoint.url === 'string') {
      const pooled = endpoint.pooling_enabled === true;
      const first = urls.get(endpoint.url);
      if (first && !(first.pooled && pooled))
        findings.push(
          error(
            at(path, 'url'),
            `is also the URL of endpoints[${first.index}]; without pooling_enabled: true on both the second fails ` +
              'with ERR_NGROK_334 (already online)',
          ),
        );
      else if (!first) urls.set(endpoint.url, { index, pooled });
    }
  });
  return findings;
}
