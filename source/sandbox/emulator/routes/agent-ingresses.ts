import { randomBytes } from 'node:crypto';
import { applyPatch, checkBody } from '../body.js';
import { apiError, type EmulatorApiError, timestamp, undocumentedStatus } from '../http.js';
import { listReply, path, type Route } from '../router.js';
import type { EmulatorState } from '../state.js';
import { newId } from '../store.js';

const createSpec = {
  domain: 'string',
  description: 'string',
  metadata: 'string',
  certificate_management_policy: 'object',
} as const;
const updateSpec = {
  description: 'string',
  metadata: 'string',
  certificate_management_policy: 'object',
} as const;

/**
 * A create on a plan without custom connect URLs (https://ngrok.com/docs/agent/connect-url/#connect-url-pricing).
 * The code and text are ngrok's (https://ngrok.com/docs/errors/err_ngrok_6707/); the status is not documented,
 * so it varies among the plausible ones.
 */
function planRefusal(state: EmulatorState): EmulatorApiError {
  const statuses = [400, 402, 403];
  const status = statuses[Math.floor(state.random() * statuses.length)] ?? 403;
  return apiError(status, 'ERR_NGROK_6707', "Your account can't reserve custom agent ingresses.");
}

/**
 * `/agent_ingresses` (https://ngrok.com/docs/api-reference/agentingresses/create); the list key is `ingresses`
 * (https://ngrok.com/docs/api-reference/agentingresses/list).
 */
export const agentIngressRoutes: Route[] = [
  {
    method: 'POST',
    pattern: path('/agent_ingresses'),
    handle: ({ state, body }) => {
      const fields = checkBody(body, createSpec, ['domain']);
      if (!state.plan.customConnectUrls) throw planRefusal(state);
      const domain = String(fields.domain).toLowerCase();
      if (state.agentIngresses.all().some((existing) => existing.domain === domain)) {
        // https://ngrok.com/docs/errors/err_ngrok_413 gives no HTTP status.
        throw apiError(
          undocumentedStatus(state.random),
          'ERR_NGROK_413',
          `The domain '${domain}' is already used by an agent ingress.`,
        );
      }
      const id = newId('agin');
      const label = randomBytes(4).toString('hex');
      const record = state.agentIngresses.add({
        id,
        uri: state.uri(`/agent_ingresses/${id}`),
        created_at: timestamp(state.clock()),
        description: String(fields.description ?? ''),
        metadata: String(fields.metadata ?? ''),
        domain,
        // NS delegation targets for the subdomain (https://ngrok.com/docs/agent/connect-url#delegate-dns-records).
        ns_targets: [1, 2, 3, 4].map((n) => `ns${n}-${label}.ngrok-dns.com`),
        region_domains: [`region-${label}.${domain}`],
        certificate_management_policy: fields.certificate_management_policy ?? null,
        certificate_management_status: null,
      });
      return { status: 201, body: record };
    },
  },
  {
    method: 'GET',
    pattern: path('/agent_ingresses'),
    handle: (context) => listReply(context, context.state.agentIngresses, 'ingresses', '/agent_ingresses'),
  },
  {
    method: 'GET',
    pattern: path('/agent_ingresses/{id}'),
    handle: ({ state, params }) => ({ status: 200, body: state.agentIngresses.get(params[0] ?? '') }),
  },
  {
    method: 'PATCH',
    pattern: path('/agent_ingresses/{id}'),
    handle: ({ state, params, body }) => {
      const record = state.agentIngresses.get(params[0] ?? '');
      applyPatch(record, checkBody(body, updateSpec));
      state.agentIngresses.touch();
      return { status: 200, body: record };
    },
  },
  {
    method: 'DELETE',
    pattern: path('/agent_ingresses/{id}'),
    handle: ({ state, params }) => {
      state.agentIngresses.remove(params[0] ?? '');
      return { status: 204 };
    },
  },
];
