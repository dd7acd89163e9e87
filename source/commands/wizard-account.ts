import { collect } from '../ngrok/client.js';
import type { ListOptions } from '../ngrok/resources.js';
import { parseTag } from '../ngrok/tags.js';
import type { ReservedAddr, ServiceUser } from '../ngrok/types.js';
import { type AbortableRead, sharedRead } from './read-bounds.js';

/** The lists both the wizard's defaults and its lookups read; the ngrok client has them. */
export interface WizardAccountApi {
  serviceUsers: { list(options?: ListOptions): AsyncIterable<ServiceUser> };
  reservedAddrs: { list(options?: ListOptions): AsyncIterable<ReservedAddr> };
}

/** What the wizard reads of the account more than once, read once per run and shared. */
interface WizardAccount {
  /**
   * Every service user. ngrok filters service users on `id` and `created_at` only
   * (https://ngrok.com/docs/api/api-filtering/), so their names are matched on this side.
   */
  serviceUsers: AbortableRead<ServiceUser[]>;
  /** The reserved addresses tagged for a clinic, judged by the parsed tag (tags.ts says why no filter). */
  clinicAddrs: AbortableRead<ReservedAddr[]>;
}

const accounts = new WeakMap<WizardAccountApi, WizardAccount>();

/**
 * The shared reads of this client's account. A client serves one wizard run, so the defaults and every clinic id
 * looked up read each of these lists once.
 */
export function wizardAccount(api: WizardAccountApi): WizardAccount {
  let account = accounts.get(api);
  if (!account) {
    account = {
      serviceUsers: sharedRead((signal) => collect(api.serviceUsers.list({ signal }))),
      clinicAddrs: sharedRead(async (signal) =>
        (await collect(api.reservedAddrs.list({ signal }))).filter(
          (addr) => parseTag(addr.metadata)?.role === 'reserved-addr',
        ),
      ),
    };
    accounts.set(api, account);
  }
  return account;
}
