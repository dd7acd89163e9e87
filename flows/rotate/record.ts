import { type RecordedHost, recordedHosts } from '../../source/clinic-record/hosts.js';
import { readClinicRecord } from '../../source/clinic-record/record.js';
import { UserError } from '../../source/errors.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { ClinicSpec } from '../../source/spec/schema.js';

/**
 * The hosts to rotate, from the answers file when given, else from the clinic record on the clinic's newest
 * credential; an identity-file path only ever comes from this laptop.
 */
export function hostsToRotate(
  clinic: string,
  credential: Credential,
  overrides: { spec?: ClinicSpec; identityFile?: string },
): RecordedHost[] {
  const hosts = recordedHosts(readClinicRecord(credential.metadata), overrides);
  if (hosts.length === 0) {
    throw new UserError(
      `The ngrok account holds no host record for ${clinic} (it was onboarded by an older clinic-tui).`,
      'Pass --answers FILE with the clinic host (host.address, host.user) to rotate it.',
    );
  }
  return hosts;
}
