import { formatClinicRecord } from '../../clinic-record/record.js';
import { formatTag, serviceUserName } from '../../ngrok/tags.js';
import { apiRoutes } from './routes/index.js';
import type { Emulator } from './server.js';
import { openSession } from './sessions.js';
import type { EmulatorState } from './state.js';
import type { StoredObject } from './store.js';

export interface SeedOptions {
  clinics: number;
  /** How many of the clinics (the last ones) have no agent online. Default 0. */
  offline?: number;
  /** Parent domain reserved as a wildcard for the public endpoints. Default clinic-network.com. */
  domain?: string;
  /** The number in the first clinic's id (clinicN). Default 1; the demo starts at 2 and onboards clinic1 itself. */
  firstNumber?: number;
}

export interface SeededClinic {
  clinic: string;
  serviceUserId: string;
  credentialId: string;
  cloudEndpointId: string;
  /** Absent for offline clinics. */
  tunnelSessionId?: string;
}

/** Calls an API route in-process (no HTTP, no rate limit), so seeds pass the same validation as real calls. */
export function callRoute(state: EmulatorState, method: string, path: string, body?: unknown): StoredObject {
  for (const route of apiRoutes) {
    const match = route.pattern.exec(path);
    if (match && route.method === method) {
      return route.handle({ state, params: match.slice(1), query: {}, body }).body as StoredObject;
    }
  }
  throw new Error(`seed: no route ${method} ${path}`);
}

/**
 * Fills the emulator with n onboarded clinics for fleet tests and benches: a service user, an agent credential
 * carrying the clinic record, a tagged public cloud endpoint forwarding to the clinic's internal endpoint, and
 * (unless offline) a synthetic tunnel session with its agent endpoint. Synthetic sessions have no socket;
 * stop/restart still work. A seeded clinic has no host, so its record names none.
 */
export function seedFleet(emulator: Pick<Emulator, 'state'>, options: SeedOptions): SeededClinic[] {
  const { state } = emulator;
  const domain = options.domain ?? 'clinic-network.com';
  if (!state.reservedDomains.all().some((record) => record.domain === `*.${domain}`)) {
    callRoute(state, 'POST', '/reserved_domains', {
      domain: `*.${domain}`,
      metadata: formatTag({ role: 'reserved-domain' }),
    });
  }
  const seeded: SeededClinic[] = [];
  const lastOnline = options.clinics - (options.offline ?? 0);
  for (let index = 1; index <= options.clinics; index++) {
    const number = index - 1 + (options.firstNumber ?? 1);
    const clinic = `clinic${number}`;
    const internalUrl = `https://rest-api.${clinic}.internal`;
    const publicUrl = `https://api-${clinic}.${domain}`;
    const user = callRoute(state, 'POST', '/service_users', { name: serviceUserName(clinic) });
    const credential = callRoute(state, 'POST', '/credentials', {
      description: `clinic-tui agent for ${clinic}`,
      metadata: formatClinicRecord({
        clinic,
        name: `Clinic ${number}`,
        generation: 1,
        endpoints: [{ name: 'rest-api', internal_url: internalUrl, public_url: publicUrl }],
      }),
      acl: [`bind:*.${clinic}.internal`],
      owner_id: user.id,
    });
    const policy = {
      on_http_request: [{ actions: [{ type: 'forward-internal', config: { url: internalUrl } }] }],
    };
    const cloud = callRoute(state, 'POST', '/endpoints', {
      type: 'cloud',
      url: publicUrl,
      traffic_policy: JSON.stringify(policy),
      description: `clinic-tui ${clinic} rest-api`,
      metadata: formatTag({ clinic, role: 'cloud-endpoint', service: 'rest-api' }),
    });
    const entry: SeededClinic = {
      clinic,
      serviceUserId: user.id,
      credentialId: credential.id,
      cloudEndpointId: cloud.id,
    };
    if (index <= lastOnline) {
      const { session } = openSession(state, {
        credentialId: credential.id,
        agentVersion: '3.22.1',
        os: 'linux',
        metadata: JSON.stringify({ clinic }),
        endpoints: [{ name: 'rest-api', url: internalUrl, upstream_url: 'http://localhost:8080' }],
      });
      entry.tunnelSessionId = session.id;
    }
    seeded.push(entry);
  }
  return seeded;
}
