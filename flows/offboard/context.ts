import type { ClinicHost } from '../../source/host/clinic-host.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { HostSpec } from '../../source/spec/schema.js';
import type { HostSessions } from '../host-sessions.js';
import type { AccountView } from '../onboard/account.js';
import { type ClinicRecord, readClinicRecord } from '../onboard/clinic-record.js';

/** What an offboarding run works with: only the clinic id and the API key; the hosts come from the clinic record. */
export interface OffboardCtx {
  clinicId: string;
  api: NgrokClient;
  account: AccountView;
  hosts: HostSessions;
  /** The identity file remembered on this laptop for the clinic, if any. */
  identityFile?: string;
}

/** The clinic record, read from the newest of the clinic's agent credentials. */
export async function clinicRecord(ctx: OffboardCtx): Promise<ClinicRecord | undefined> {
  const records = (await ctx.account.credentials()).flatMap((credential) => {
    const record = readClinicRecord(credential.metadata);
    return record ? [record] : [];
  });
  return records.sort((a, b) => b.generation - a.generation)[0];
}

/** The hosts named in the clinic record, as host specs (the pinned host key included). */
export async function recordedHosts(
  ctx: OffboardCtx,
): Promise<{ role: ClinicHost['role']; spec: HostSpec }[]> {
  const record = await clinicRecord(ctx);
  const entries = [
    { role: 'primary' as const, host: record?.host },
    { role: 'standby' as const, host: record?.standby_host },
  ];
  return entries.flatMap(({ role, host }) =>
    host
      ? [
          {
            role,
            spec: {
              address: host.address,
              port: host.port,
              user: host.user,
              config_path: host.config_path,
              ...(host.host_key ? { host_key: host.host_key } : {}),
              ...(ctx.identityFile ? { identity_file: ctx.identityFile } : {}),
            },
          },
        ]
      : [],
  );
}
