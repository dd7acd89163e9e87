import type { IncomingMessage, ServerResponse } from 'node:http';
import { endAgentStreams } from './agent-proxy.js';
import { checkBody } from './body.js';
import { apiError } from './http.js';
import { type AgentEndpointRequest, openSession } from './sessions.js';
import type { EmulatorState } from './state.js';

const connectSpec = {
  agent_version: 'string',
  os: 'string',
  metadata: 'string',
  hostname: 'string',
  endpoints: 'object[]',
} as const;
const endpointSpec = {
  name: 'string',
  url: 'string',
  upstream_url: 'string',
  pooling_enabled: 'boolean',
} as const;

/**
 * `POST /_sandbox/agent/connect`: the simulated agent's control connection (not an ngrok API path). The agent
 * authenticates with its authtoken; an unknown or revoked one gets ERR_NGROK_300
 * (https://ngrok.com/docs/errors/err_ngrok_300). On success the answer is an open NDJSON stream whose first line
 * describes the session; the session and its agent endpoints live exactly as long as the stream. Later lines:
 * `{"type":"stop"|"restart"|"revoked"}`, then the stream ends; or `{"type":"connect","id","url","client_addr"}`, a
 * connection for the endpoint at `url`, which the agent dials back for (agent-proxy.ts).
 */
export function handleAgentConnect(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): void {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token)
    throw apiError(401, 'ERR_NGROK_4018', 'Usage of ngrok requires a verified account and authtoken.');
  const credentialId = state.authtokens.get(token);
  if (!credentialId) {
    throw apiError(401, 'ERR_NGROK_300', 'The authtoken credential has been revoked and is no longer valid.');
  }
  const fields = checkBody(body, connectSpec, ['agent_version']);
  const endpoints = ((fields.endpoints as unknown[] | undefined) ?? []).map(
    (entry) => checkBody(entry, endpointSpec, ['name', 'url']) as unknown as AgentEndpointRequest,
  );
  const { session, endpoints: opened } = openSession(state, {
    credentialId,
    agentVersion: String(fields.agent_version),
    os: String(fields.os ?? ''),
    metadata: String(fields.metadata ?? ''),
    endpoints,
  });
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  const send = (message: Record<string, unknown>) => res.write(`${JSON.stringify(message)}\n`);
  state.channels.set(session.id, { send, end: () => res.end() });
  send({
    type: 'session',
    id: session.id,
    endpoints: opened.map((endpoint) => ({ name: endpoint.name, id: endpoint.id, url: endpoint.url })),
  });
  // The session ended (stop, revoke, the agent went away): its endpoints and the connections it carried end too.
  res.on('close', () => {
    endAgentStreams(state, session.id);
    if (state.channels.get(session.id)) {
      state.channels.delete(session.id);
      state.dropSession(session.id);
    }
  });
}
