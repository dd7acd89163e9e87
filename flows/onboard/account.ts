import { listClinicCredentials } from '../../source/clinic-record/credentials.js';
import { collect, type NgrokClient } from '../../source/ngrok/client.js';
import { cloudEndpointsFilter } from '../../source/ngrok/endpoint-filters.js';
import { hasTag, serviceUserName } from '../../source/ngrok/tags.js';
import type {
  AgentIngress,
  Credential,
  Endpoint,
  ReservedAddr,
  ReservedDomain,
  ServiceUser,
} from '../../source/ngrok/types.js';
import { oldestFirst } from './oldest-first.js';

/**
 * Read-only views of the ngrok account for one clinic. Each list is fetched once per run and shared by every
 * step's plan and apply (the plans run in parallel, so these reads overlap into one round trip). Steps that
 * create keep the cache current through `update`, so a later read in the same run sees the change.
 */
export class AccountView {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly api: NgrokClient,
    private readonly clinicId: string,
  ) {}

  /** A view of the same account that reads everything anew (to look up what a lost answer may have made). */
  fresh(): AccountView {
    return new AccountView(this.api, this.clinicId);
  }

  /** The clinic's service user `clinic-tui/<id>`: the oldest, when a race made more than one. */
  async serviceUser(): Promise<ServiceUser | undefined> {
    return (await this.serviceUsers())[0];
  }

  /** Every service user named `clinic-tui/<id>`, oldest first (more than one only after a race). */
  serviceUsers(): Promise<ServiceUser[]> {
    const name = serviceUserName(this.clinicId);
    return this.once('service-users', async () =>
      oldestFirst((await collect(this.api.serviceUsers.list())).filter((user) => user.name === name)),
    );
  }

  /** Every reserved domain in the account (the wildcard is shared by all clinics). */
  reservedDomains(): Promise<ReservedDomain[]> {
    return this.once('domains', () => collect(this.api.reservedDomains.list()));
  }

  /** This clinic's reserved TCP addresses (tagged). */
  reservedAddrs(): Promise<ReservedAddr[]> {
    return this.once('addrs', async () =>
      (await collect(this.api.reservedAddrs.list())).filter((addr) =>
        hasTag(addr.metadata, { clinic: this.clinicId, role: 'reserved-addr' }),
      ),
    );
  }

  /** Every cloud endpoint in the account: ours are found by tag, a hand-made one by URL. */
  cloudEndpoints(): Promise<Endpoint[]> {
    return this.once('cloud-endpoints', () =>
      collect(this.api.endpoints.list({ filter: cloudEndpointsFilter })),
    );
  }

  /** This clinic's agent credentials (tagged). */
  credentials(): Promise<Credential[]> {
    return this.once('credentials', () => listClinicCredentials(this.api, this.clinicId));
  }

  /** Every agent ingress (a custom connect URL may be shared by several clinics). */
  agentIngresses(): Promise<AgentIngress[]> {
    return this.once('ingresses', () => collect(this.api.agentIngresses.list()));
  }

  /** Replaces a cached list after a step changed it. */
  update<T>(
    key: 'domains' | 'addrs' | 'cloud-endpoints' | 'credentials' | 'ingresses',
    change: (items: T[]) => T[],
  ) {
    const current = (this.cache.get(key) as Promise<T[]> | undefined) ?? Promise.resolve([]);
    this.cache.set(
      key,
      current.then((items) => change(items)),
    );
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.cache.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      // A failed read must not poison the cache: the next caller retries.
      value.catch(() => this.cache.delete(key));
      this.cache.set(key, value);
    }
    return value;
  }
}
