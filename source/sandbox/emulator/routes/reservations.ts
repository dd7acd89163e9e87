import { randomBytes } from 'node:crypto';
import { applyPatch, checkBody } from '../body.js';
import { apiError, timestamp, undocumentedStatus } from '../http.js';
import { listReply, path, type Route } from '../router.js';
import type { EmulatorState } from '../state.js';
import { newId } from '../store.js';

const domainSpec = {
  domain: 'string',
  region: 'string',
  description: 'string',
  metadata: 'string',
  certificate_id: 'string',
  certificate_management_policy: 'object',
} as const;
const addrSpec = { description: 'string', metadata: 'string', region: 'string' } as const;
const updateSpec = { description: 'string', metadata: 'string' } as const;
const regions = ['us', 'eu', 'au', 'ap', 'jp', 'in', 'sa'];

function cnameLabel(): string {
  return randomBytes(6).toString('hex');
}

/** Only a leading `*.` wildcard is allowed (ERR_NGROK_402, https://ngrok.com/docs/domains#wildcard-domains). */
function checkDomain(domain: string): void {
  if (!/^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i.test(domain)) {
    throw apiError(
      400,
      'ERR_NGROK_402',
      `The domain "${domain}" is invalid; only a leading "*." wildcard is allowed.`,
    );
  }
}

/** An address whose port no reserved address uses yet (looked up in the by-address index, not a scan). */
function freeAddr(state: EmulatorState): string {
  let port = 20000 + state.reservedAddrs.size;
  while (state.reservedAddrs.withKey(`1.tcp.ngrok.io:${port}`).length > 0) port++;
  return `1.tcp.ngrok.io:${port}`;
}

/**
 * `/reserved_domains` (https://ngrok.com/docs/api-reference/reserveddomains/create) and `/reserved_addrs`
 * (https://ngrok.com/docs/api-reference/reservedaddrs/create).
 */
export const reservationRoutes: Route[] = [
  {
    method: 'POST',
    pattern: path('/reserved_domains'),
    handle: ({ state, body }) => {
      const fields = checkBody(body, domainSpec, ['domain']);
      const domain = String(fields.domain).toLowerCase();
      checkDomain(domain);
      if (state.reservedDomains.all().some((existing) => existing.domain === domain)) {
        // https://ngrok.com/docs/errors/err_ngrok_413 gives no HTTP status.
        throw apiError(
          undocumentedStatus(state.random),
          'ERR_NGROK_413',
          `This domain is already reserved for your account. Failed to reserve '${domain}'.`,
        );
      }
      const id = newId('rd');
      const wildcard = domain.startsWith('*.');
      const isNgrokDomain = /\.ngrok(-free)?\.(app|dev|io)$/.test(domain);
      const record = state.reservedDomains.add({
        id,
        uri: state.uri(`/reserved_domains/${id}`),
        created_at: timestamp(state.clock()),
        description: String(fields.description ?? ''),
        metadata: String(fields.metadata ?? ''),
        domain,
        region: String(fields.region ?? ''),
        // A custom domain needs a CNAME; a custom wildcard also an _acme-challenge CNAME
        // (https://ngrok.com/docs/domains/tls-certificates#wildcard-domains).
        cname_target: isNgrokDomain ? null : `${cnameLabel()}.${cnameLabel()}.ngrok-cname.com`,
        acme_challenge_cname_target:
          wildcard && !isNgrokDomain ? `${cnameLabel()}.acme.ngrok-cname.com` : null,
        certificate: null,
        certificate_management_policy: fields.certificate_management_policy ?? null,
        certificate_management_status: null,
      });
      return { status: 201, body: record };
    },
  },
  {
    method: 'GET',
    pattern: path('/reserved_domains'),
    handle: (context) =>
      listReply(context, context.state.reservedDomains, 'reserved_domains', '/reserved_domains'),
  },
  {
    method: 'GET',
    pattern: path('/reserved_domains/{id}'),
    handle: ({ state, params }) => ({ status: 200, body: state.reservedDomains.get(params[0] ?? '') }),
  },
  {
    method: 'PATCH',
    pattern: path('/reserved_domains/{id}'),
    handle: ({ state, params, body }) => {
      const record = state.reservedDomains.get(params[0] ?? '');
      applyPatch(record, checkBody(body, updateSpec));
      state.reservedDomains.touch();
      return { status: 200, body: record };
    },
  },
  {
    method: 'DELETE',
    pattern: path('/reserved_domains/{id}'),
    handle: ({ state, params }) => {
      state.reservedDomains.remove(params[0] ?? '');
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: path('/reserved_addrs'),
    handle: ({ state, body }) => {
      const fields = checkBody(body, addrSpec);
      const region = String(fields.region || 'us');
      if (!regions.includes(region)) throw apiError(400, 'ERR_NGROK_215', `Unknown region "${region}".`);
      const id = newId('ra');
      const record = state.reservedAddrs.add({
        id,
        uri: state.uri(`/reserved_addrs/${id}`),
        created_at: timestamp(state.clock()),
        description: String(fields.description ?? ''),
        metadata: String(fields.metadata ?? ''),
        // host:port with no scheme; ngrok picks both (https://ngrok.com/docs/domains/tcp-addresses#address-assignment).
        addr: freeAddr(state),
        region,
      });
      return { status: 201, body: record };
    },
  },
  {
    method: 'GET',
    pattern: path('/reserved_addrs'),
    handle: (context) => listReply(context, context.state.reservedAddrs, 'reserved_addrs', '/reserved_addrs'),
  },
  {
    method: 'GET',
    pattern: path('/reserved_addrs/{id}'),
    handle: ({ state, params }) => ({ status: 200, body: state.reservedAddrs.get(params[0] ?? '') }),
  },
  {
    method: 'PATCH',
    pattern: path('/reserved_addrs/{id}'),
    handle: ({ state, params, body }) => {
      const record = state.reservedAddrs.get(params[0] ?? '');
      applyPatch(record, checkBody(body, updateSpec));
      state.reservedAddrs.touch();
      return { status: 200, body: record };
    },
  },
  {
    method: 'DELETE',
    pattern: path('/reserved_addrs/{id}'),
    handle: ({ state, params }) => {
      state.reservedAddrs.remove(params[0] ?? '');
      return { status: 204 };
    },
  },
];
