import { aclAllowsHost } from './acl.js';
import { checkUrlFree, endpointObject, parseEndpointUrl, sameEndpoint } from './endpoint-url.js';
import { apiError, timestamp } from './http.js';
import type { EmulatorState } from './state.js';
import { newId, type StoredObject } from './store.js';

export interface AgentEndpointRequest {
  name: string;
  url: string;
  upstream_url?: string;
  pooling_enabled?: boolean;
}

export interface SessionRequest {
  credentialId: string;
  agentVersion: string;
  os: string;
  metadata: string;
  endpoints: AgentEndpointRequest[];
}

/**
 * Validates and opens a tunnel session with its agent endpoints. Checks run before anything is created, in this
 * order: every URL fits the credential's ACL (403 ERR_NGROK_316, https://ngrok.com/docs/errors/err_ngrok_316),
 * parses (400: a tcp internal URL needs a port, https://ngrok.com/docs/endpoints/internal-endpoints#urls) and is
 * not online already without pooling on both sides (409 ERR_NGROK_334,
 * https://ngrok.com/docs/endpoints/endpoint-pooling#conflicts).
 */
export function openSession(
  state: EmulatorState,
  request: SessionRequest,
): { session: StoredObject; endpoints: StoredObject[] } {
  const credential = state.credentials.get(request.credentialId);
  const acl = (credential.acl as string[]) ?? [];
  for (const wanted of request.endpoints) {
    const host = /^[a-z]+:\/\/([^/:?#]+)/i.exec(wanted.url)?.[1] ?? '';
    if (!aclAllowsHost(acl, host)) {
      throw apiError(
        403,
        'ERR_NGROK_316',
        `Your authtoken's ACL does not permit binding the endpoint '${wanted.url}'. Check the credential's bind rules.`,
      );
    }
  }
  const targets = request.endpoints.map((wanted) => ({
    wanted,
    target: parseEndpointUrl(wanted.url, state.random),
  }));
  targets.forEach(({ wanted, target }, index) => {
    checkUrlFree(state, target, wanted.pooling_enabled === true);
    const duplicate = targets.findIndex((other) => sameEndpoint(other.target, target));
    if (duplicate !== index && !wanted.pooling_enabled) {
      throw apiError(
        409,
        'ERR_NGROK_334',
        `The endpoint '${target.url}' is defined twice in this agent's config.`,
      );
    }
  });
  const id = newId('ts');
  const session = state.tunnelSessions.add({
    id,
    uri: state.uri(`/tunnel_sessions/${id}`),
    agent_version: request.agentVersion,
    credential: { id: credential.id, uri: state.uri(`/credentials/${credential.id}`) },
    ip: '127.0.0.1',
    metadata: request.metadata,
    os: request.os,
    region: 'us',
    started_at: timestamp(state.clock()),
    transport: 'ngrok/2',
  });
  const endpoints = targets.map(({ wanted, target }) =>
    state.endpoints.add(
      endpointObject(state, {
        id: newId('ep'),
        type: 'agent',
        target,
        principalId: String(credential.owner_id),
        name: wanted.name,
        upstreamUrl: wanted.upstream_url,
        poolingEnabled: wanted.pooling_enabled === true,
        tunnelSessionId: id,
      }),
    ),
  );
  return { session, endpoints };
}

/**
 * Replaces a socket-less (seeded) session as if its agent re-exec'd: same endpoints, new ts_ id
 * (https://ngrok.com/docs/api-reference/tunnelsessions/restart).
 */
export function restartSyntheticSession(state: EmulatorState, session: StoredObject): StoredObject {
  const endpoints = state.endpoints
    .all()
    .filter((endpoint) => (endpoint.tunnel_session as { id?: string } | null)?.id === session.id)
    .reverse()
    .map((endpoint) => ({
      name: String(endpoint.name),
      url: String(endpoint.url),
      upstream_url: String(endpoint.upstream_url),
      pooling_enabled: endpoint.pooling_enabled === true,
    }));
  state.dropSession(session.id);
  return openSession(state, {
    credentialId: (session.credential as { id: string }).id,
    agentVersion: String(session.agent_version),
    os: String(session.os),
    metadata: String(session.metadata),
    endpoints,
  }).session;
}
