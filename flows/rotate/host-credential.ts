import { credentialInConfig } from '../../source/clinic-record/agent-metadata.js';
import { UserError } from '../../source/errors.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { RotateApi, RotateHost } from './types.js';

/**
 * The credential the clinic's hosts run: the one their ngrok.yml names in agent.metadata (written by onboarding and
 * rotation, https://ngrok.com/docs/agent/config/v3/#agent-configuration), read by id whatever its tag says. The
 * hosts proved they are this clinic's, and a credential's owner cannot be changed
 * (https://ngrok.com/docs/api-reference/credentials/update), so its owner is the clinic's service user. A tag or a
 * clinic record in the account is editable by anyone with the API key, so neither ever picks it.
 * Refuses (nothing changed yet) when a host names none, the hosts name different ones, or it is gone.
 */
export async function hostsCredential(
  api: RotateApi,
  clinic: string,
  hosts: RotateHost[],
): Promise<Credential> {
  const named = hosts.map((host) => credentialInConfig(host.oldConfig).id);
  const missing = hosts.find((_, index) => named[index] === undefined);
  if (missing) {
    throw repairError(
      clinic,
      `${missing.configPath} on ${missing.spec.address} names no credential of ${clinic} (agent.metadata has no credential id), so it is not clear which authtoken to replace.`,
    );
  }
  const id = named[0]!;
  if (named.some((other) => other !== id)) {
    throw repairError(
      clinic,
      `The hosts of ${clinic} run different credentials (${[...new Set(named)].join(', ')}), so it is not clear which authtoken to replace.`,
    );
  }
  try {
    return await api.credentials.get(id);
  } catch (error) {
    if (!(error instanceof NgrokApiError && error.status === 404)) throw error;
    throw repairError(
      clinic,
      `The credential ${hosts[0]!.configPath} on ${hosts[0]!.spec.address} names (${id}) is no longer in the ngrok account.`,
    );
  }
}

/** A refusal whose way out is onboarding again, which puts a credential in place and names it on every host. */
function repairError(clinic: string, message: string): UserError {
  return new UserError(
    message,
    `Run \`clinic-tui onboard --answers FILE\` for ${clinic} to put its credential in place, then rotate again.`,
  );
}
