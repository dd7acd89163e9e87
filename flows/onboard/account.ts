import { type CredentialLister, listClinicCredentials } from '../../source/clinic-record/credentials.js';
import { type ForeignCredential, foreignCredential } from '../../source/clinic-record/ownership.js';
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

/** A credential lister over a list already read, so the clinic's credentials are picked from the one account read. */
function listerOf(credentials: readonly Credential[]): CredentialLister {
  return {
    credentials: {
      async *list() {
        yield* credentials;
      },
    },
  };
}

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

  /**
   * The clinic's service user: the oldest named `clinic-tui/<id>` that owns no other clinic's credential (a race may
   * make more than one; a renamed user of another clinic is never this one). Undefined when there is none.
   */
  async serviceUser(): Promise<ServiceUser | undefined> {
    return (await this.clinicServiceUsers())[0];
  }

  /** Every service user named `clinic-tui/<id>`, oldest first, whoever's (anyone with the API key can rename one). */
  serviceUsers(): Promise<ServiceUser[]> {
    const name = serviceUserName(this.clinicId);
    return this.once('service-users', async () =>
      oldestFirst((await collect(this.api.serviceUsers.list())).filter((user) => user.name === name)),
    );
  }

  /** The named users owning no other clinic's credential, oldest first: the first is the clinic's, the rest duplicates. */
  async clinicServiceUsers(): Promise<ServiceUser[]> {
    return (await this.judgedServiceUsers()).flatMap(({ user, foreign }) => (foreign ? [] : [user]));
  }

  /** The service users named `clinic-tui/<id>` that own another clinic's credential: that clinic's, never deleted. */
  async foreignServiceUsers(): Promise<{ user: ServiceUser; foreign: ForeignCredential }[]> {
    return (await this.judgedServiceUsers()).flatMap(({ user, foreign }) =>
      foreign ? [{ user, foreign }] : [],
    );
  }

  /** The credentials a service user owns (tagged or not). */
  async ownedBy(userId: string): Promise<Credential[]> {
    return (await this.allCredentials()).filter((credential) => credential.owner_id === userId);
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
    return this.once('credentials', async () =>
      listClinicCredentials(listerOf(await this.allCredentials()), this.clinicId),
    );
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

  /** Every credential in the account, read once: the clinic's are found in it, and so are its users' owned ones. */
  private allCredentials(): Promise<Credential[]> {
    return this.once('all-credentials', () => collect(this.api.credentials.list()));
  }

  /** Each service user named `clinic-tui/<id>`, oldest first, with another clinic's credential it owns, if any. */
  private async judgedServiceUsers(): Promise<{ user: ServiceUser; foreign?: ForeignCredential }[]> {
    const [users, credentials] = await Promise.all([this.serviceUsers(), this.allCredentials()]);
    return users.map((user) => ({
      user,
      foreign: foreignCredential(
        credentials.filter((credential) => credential.owner_id === user.id),
        this.clinicId,
      ),
    }));
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
