import { checkBody } from '../body.js';
import { listReply, path, type Route } from '../router.js';
import { restartSyntheticSession } from '../sessions.js';

/**
 * `/tunnel_sessions` (https://ngrok.com/docs/api-reference/tunnelsessions/list): list/get; stop and restart answer
 * 204 and act on the agent.
 */
export const tunnelSessionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: path('/tunnel_sessions'),
    handle: (context) =>
      listReply(context, context.state.tunnelSessions, 'tunnel_sessions', '/tunnel_sessions'),
  },
  {
    method: 'GET',
    pattern: path('/tunnel_sessions/{id}'),
    handle: ({ state, params }) => ({ status: 200, body: state.tunnelSessions.get(params[0] ?? '') }),
  },
  {
    // The agent exits (https://ngrok.com/docs/api-reference/tunnelsessions/stop); a live agent is told
    // `{"type":"stop"}` before its stream ends.
    method: 'POST',
    pattern: path('/tunnel_sessions/{id}/stop'),
    handle: ({ state, params, body }) => {
      checkBody(body, { id: 'string' });
      const id = params[0] ?? '';
      state.tunnelSessions.get(id);
      state.endSession(id, 'stop');
      return { status: 204 };
    },
  },
  {
    // The agent re-execs and reconnects with a new ts_ id
    // (https://ngrok.com/docs/api-reference/tunnelsessions/restart). A live agent reconnects by itself; a seeded
    // one without a socket is replaced at once.
    method: 'POST',
    pattern: path('/tunnel_sessions/{id}/restart'),
    handle: ({ state, params, body }) => {
      checkBody(body, { id: 'string' });
      const id = params[0] ?? '';
      const session = state.tunnelSessions.get(id);
      if (state.channels.has(id)) state.endSession(id, 'restart');
      else restartSyntheticSession(state, session);
      return { status: 204 };
    },
  },
];
