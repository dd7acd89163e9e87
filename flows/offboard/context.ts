import { newestRecord } from '../../source/clinic-record/credentials.js';
import { type RecordedHost, recordedHosts } from '../../source/clinic-record/hosts.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { HostSessions } from '../host-sessions.js';
import type { AccountView } from '../onboard/account.js';
import { stepsOver } from '../step.js';

/** What an offboarding run works with: only the clinic id and the API key; the hosts come from the clinic record. */
export interface OffboardCtx {
  clinicId: string;
  api: NgrokClient;
  account: AccountView;
  hosts: HostSessions;
  /** The identity file remembered on this laptop for the clinic, if any. */
  identityFile?: string;
}

/** Defines an offboarding step (its id, output and needs typed). */
export const offboardStep = stepsOver<OffboardCtx>();

/** The hosts named in the clinic record on the clinic's newest credential (the pinned host keys included). */
export async function offboardHosts(ctx: OffboardCtx): Promise<RecordedHost[]> {
  const record = newestRecord(await ctx.account.credentials());
  return recordedHosts(record, ctx.identityFile ? { identityFile: ctx.identityFile } : {});
}
