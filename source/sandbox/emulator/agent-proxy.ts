import type { Duplex } from 'node:stream';
import type { EmulatorState } from './state.js';

/**
 * Opens one byte stream to the upstream behind the online agent endpoint `internalUrl` (e.g.
 * https://rest-api.clinic1.internal:443), through the session of the agent serving it, as ngrok's cloud endpoint
 * hands a connection to the agent (https://ngrok.com/docs/traffic-policy/actions/forward-internal). `clientAddress`
 * is the stranger's address as the edge saw it. Rejects with AgentStreamError when no online agent serves the URL.
 */
export async function openAgentStream(
  _state: EmulatorState,
  internalUrl: string,
  _clientAddress: string,
): Promise<Duplex> {
  throw new AgentStreamError(`no online agent serves ${internalUrl}`);
}

/** No online agent endpoint at that URL, or its agent did not answer. */
export class AgentStreamError extends Error {}
