import { formatTag, serviceUserName } from '../source/ngrok/tags.js';
import { callRoute } from '../source/sandbox/emulator/seed.js';
import type { Emulator } from '../source/sandbox/emulator/server.js';
import { openSession } from '../source/sandbox/emulator/sessions.js';

/**
 * Seeds the emulator with clinics in the guide's shape, for the fleet bench: 3 internal endpoints (https, tls,
 * tcp) served by one synthetic agent session, and 3 public cloud endpoints forwarding to them (the tcp one on a
 * reserved address). seedFleet (source/sandbox/emulator/seed.ts) seeds one service per clinic; the fleet bench
 * wants three, so this seeds through the same in-process routes (same validation, no HTTP, no rate limit).
 */

const forward = (url: string, phase: string) =>
  JSON.stringify({ [phase]: [{ actions: [{ type: 'forward-internal', config: { url } }] }] });

/** Seeds `count` clinics; the last `offline` of them have no agent session. */
export function seedThreeServiceFleet(emulator: Pick<Emulator, 'state'>, count: number, offline = 0): void {
  const { state } = emulator;
  callRoute(state, 'POST', '/reserved_domains', {
    domain: '*.clinic-network.com',
    metadata: formatTag({ role: 'reserved-domain' }),
  });
  for (let index = 1; index <= count; index++) {
    const clinic = `clinic${index}`;
    const user = callRoute(state, 'POST', '/service_users', { name: serviceUserName(clinic) });
    const credential = callRoute(state, 'POST', '/credentials', {
      metadata: formatTag({ clinic, role: 'agent-credential', generation: 1 }),
      acl: [`bind:*.${clinic}.internal`],
      owner_id: user.id,
    });
    const addr = callRoute(state, 'POST', '/reserved_addrs', {
      metadata: formatTag({ clinic, role: 'reserved-addr', service: 'operations-db' }),
    });
    const services = [
      {
        name: 'rest-api',
        internal: `https://rest-api.${clinic}.internal`,
        url: `https://api-${clinic}.clinic-network.com`,
        phase: 'on_http_request',
      },
      {
        name: 'patient-db',
        internal: `tls://patient-db.${clinic}.internal:443`,
        url: `tls://patientdb-${clinic}.clinic-network.com`,
        phase: 'on_tcp_connect',
      },
      {
        name: 'operations-db',
        internal: `tcp://operations-database.${clinic}.internal:1433`,
        url: `tcp://${addr.addr}`,
        phase: 'on_tcp_connect',
      },
    ];
    for (const service of services) {
      callRoute(state, 'POST', '/endpoints', {
        type: 'cloud',
        url: service.url,
        traffic_policy: forward(service.internal, service.phase),
        metadata: formatTag({ clinic, role: 'cloud-endpoint', service: service.name }),
      });
    }
    if (index > count - offline) continue;
    openSession(state, {
      credentialId: String(credential.id),
      agentVersion: '3.22.1',
      os: 'linux',
      metadata: '',
      endpoints: services.map((service) => ({ name: service.name, url: service.internal })),
    });
  }
}
