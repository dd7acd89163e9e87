import { applyPatch, checkBody } from '../body.js';
import {
  checkCloudUrlFree,
  type EndpointUrl,
  endpointObject,
  parseEndpointUrl,
  sameEndpoint,
} from '../endpoint-url.js';
import { apiError } from '../http.js';
import { checkCloudPolicy } from '../policy-check.js';
import { listReply, path, type Route } from '../router.js';
import type { EmulatorState } from '../state.js';
import { newId, type StoredObject } from '../store.js';

const createSpec = {
  type: 'string',
  url: 'string',
  traffic_policy: 'string',
  bindings: 'string[]',
  description: 'string',
  metadata: 'string',
  pooling_enabled: 'boolean',
} as const;
const updateSpec = { ...createSpec, id: 'string' } as const;

/**
 * A public endpoint needs its domain (or a leading-wildcard parent) reserved, and a public tcp URL must be a
 * reserved address with its port (https://ngrok.com/docs/domains#wildcard-domains,
 * https://ngrok.com/docs/endpoints/public-endpoints#urls). No ngrok page gives the error code ngrok sends for an
 * unreserved domain, so none is invented.
 */
function checkReserved(state: EmulatorState, target: EndpointUrl): void {
  if (target.binding !== 'public') return;
  if (target.scheme === 'tcp') {
    const addr = `${target.host}:${target.port}`;
    if (state.reservedAddrs.withKey(addr).length === 0) {
      throw apiError(
        400,
        undefined,
        `The TCP address ${addr} is not reserved on this account (POST /reserved_addrs).`,
      );
    }
    return;
  }
  const covered = state.reservedDomains.all().some((record) => {
    const domain = String(record.domain);
    return domain === target.host || (domain.startsWith('*.') && target.host.endsWith(domain.slice(1)));
  });
  if (!covered) {
    throw apiError(
      400,
      undefined,
      `The domain ${target.host} is not reserved on this account (POST /reserved_domains).`,
    );
  }
}

/**
 * bindings has exactly one value, and it must fit the URL (`internal` only for `.internal` hosts):
 * https://ngrok.com/docs/agent/config/v3#bindings, https://ngrok.com/docs/endpoints/internal-endpoints.
 */
function checkBindings(bindings: unknown, target: EndpointUrl): void {
  if (bindings === undefined || bindings === null) return;
  const list = bindings as string[];
  if (list.length !== 1 || list[0] !== target.binding) {
    throw apiError(400, 'ERR_NGROK_215', `bindings must be ["${target.binding}"] for ${target.url}.`);
  }
}

function cloudOnly(endpoint: StoredObject): void {
  if (endpoint.type !== 'cloud') {
    throw apiError(
      400,
      undefined,
      'Agent endpoints are read-only in the API; only cloud endpoints can change.',
    );
  }
}

/**
 * `/endpoints` (https://ngrok.com/docs/api-reference/endpoints/create): cloud create/update/delete, list/get of
 * every type.
 */
export const endpointRoutes: Route[] = [
  {
    method: 'POST',
    pattern: path('/endpoints'),
    handle: ({ state, body }) => {
      const fields = checkBody(body, createSpec, ['url', 'type', 'traffic_policy']);
      if (fields.type !== 'cloud') throw apiError(400, 'ERR_NGROK_215', 'Only type "cloud" can be created.');
      const target = parseEndpointUrl(String(fields.url), state.random);
      checkBindings(fields.bindings, target);
      checkReserved(state, target);
      checkCloudPolicy(String(fields.traffic_policy), target.scheme);
      checkCloudUrlFree(state, target, fields.pooling_enabled === true, state.random);
      const endpoint = endpointObject(state, {
        id: newId('ep'),
        type: 'cloud',
        target,
        principalId: state.accountUserId,
        trafficPolicy: String(fields.traffic_policy),
        description: fields.description as string | undefined,
        metadata: fields.metadata as string | undefined,
        poolingEnabled: fields.pooling_enabled === true,
      });
      return { status: 201, body: state.endpoints.add(endpoint) };
    },
  },
  {
    method: 'GET',
    pattern: path('/endpoints'),
    handle: (context) => listReply(context, context.state.endpoints, 'endpoints', '/endpoints'),
  },
  {
    method: 'GET',
    pattern: path('/endpoints/{id}'),
    handle: ({ state, params }) => ({ status: 200, body: state.endpoints.get(params[0] ?? '') }),
  },
  {
    // URL and pooling flag cannot change after creation (https://ngrok.com/docs/endpoints/endpoint-pooling#conflicts).
    method: 'PATCH',
    pattern: path('/endpoints/{id}'),
    handle: ({ state, params, body }) => {
      const endpoint = state.endpoints.get(params[0] ?? '');
      cloudOnly(endpoint);
      const fields = checkBody(body, updateSpec);
      delete fields.id;
      const target = parseEndpointUrl(String(endpoint.url), state.random);
      if (fields.url !== undefined) {
        // The same URL in another spelling (`:443`, capitals) is no change: the stored spelling stays.
        const asked = parseEndpointUrl(String(fields.url), state.random);
        if (!sameEndpoint(asked, target)) {
          throw apiError(
            400,
            'ERR_NGROK_215',
            'The url of an endpoint cannot be changed; delete and recreate it.',
          );
        }
        delete fields.url;
      }
      if (fields.pooling_enabled !== undefined && fields.pooling_enabled !== endpoint.pooling_enabled) {
        throw apiError(400, 'ERR_NGROK_215', 'pooling_enabled cannot be changed after creation.');
      }
      checkBindings(fields.bindings, target);
      if (fields.traffic_policy !== undefined) checkCloudPolicy(String(fields.traffic_policy), target.scheme);
      applyPatch(endpoint, fields);
      state.endpoints.touch();
      endpoint.updated_at = new Date(state.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return { status: 200, body: endpoint };
    },
  },
  {
    method: 'DELETE',
    pattern: path('/endpoints/{id}'),
    handle: ({ state, params }) => {
      cloudOnly(state.endpoints.get(params[0] ?? ''));
      state.endpoints.remove(params[0] ?? '');
      return { status: 204 };
    },
  },
];
