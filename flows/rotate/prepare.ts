import { generationOf, listClinicCredentials } from '../../source/clinic-record/credentials.js';
import { hasClinicAcl, isClinicsOwn, whyNotOwn } from '../../source/clinic-record/ownership.js';
import { ExternalError, UserError } from '../../source/errors.js';
import { collect } from '../../source/ngrok/client.js';
import { cloudEndpointsFilter } from '../../source/ngrok/endpoint-filters.js';
import { hasTag } from '../../source/ngrok/tags.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { ClinicSpec } from '../../source/spec/schema.js';
import { readHostConfig } from './agent-config.js';
import { hostsCredential } from './host-credential.js';
import { hostsToRotate } from './record.js';
import { observeServing, type Serving, sessionsOf, sessionsServingAll } from './serving.js';
import type { RotateCtx, RotateDeps, RotateHost } from './types.js';

export interface PrepareOptions {
  clinic: string;
  /** An answers file overriding the host record. */
  spec?: ClinicSpec;
  identityFile?: string;
  /** Aborts connecting to a host (Ctrl+C). */
  signal: AbortSignal;
}

/**
 * Looks before touching anything (read-only): the clinic's host record in the account, the config each host runs,
 * the credential that config names (the old one, whose owner is the clinic's service user) and which sessions
 * serve the clinic. The result is the rotation's context.
 */
export async function prepareRotation(deps: RotateDeps, options: PrepareOptions): Promise<RotateCtx> {
  const { clinic } = options;
  const tagged = await listClinicCredentials(deps.api, clinic);
  if (tagged.length === 0) throw await noCredentialError(deps, clinic);
  // A tag is only a claim: the record on the newest credential with the clinic's own ACL (else the newest) says
  // only where the hosts are, and each host must prove it is this clinic's before anything else is read from it.
  const newest = newestOf(tagged.filter((c) => hasClinicAcl(c, clinic))) ?? newestOf(tagged)!;
  const hosts: RotateHost[] = [];
  try {
    for (const { role, spec, recordedHostKey } of hostsToRotate(clinic, newest, options)) {
      const addressFrom = options.spec ? ('answers' as const) : ('record' as const);
      const request = { clinic, role, spec, addressFrom, ...(recordedHostKey ? { recordedHostKey } : {}) };
      const remote = await deps.openHost(request, options.signal);
      const host: RotateHost = { spec, configPath: spec.config_path, remote, oldConfig: '' };
      hosts.push(host);
      const text = await remote.readConfig();
      if (text === undefined) {
        throw new ExternalError(
          `${spec.config_path} does not exist on ${spec.address}.`,
          'Onboard the clinic (clinic-tui onboard) before rotating its authtoken.',
        );
      }
      host.oldConfig = text;
      // Before anything changes (no credential made yet): the host and path come from the account, so the file
      // must prove it is this clinic's ngrok.yml, and the service must run it.
      await remote.checkOwnership('update');
    }
    const config = readHostConfig(hosts[0]!.oldConfig, hosts[0]!.configPath);
    const oldCredential = await hostsCredential(deps.api, clinic, hosts);
    const ownerId = oldCredential.owner_id;
    const credentials = [
      oldCredential,
      ...tagged.filter((c) => c.owner_id === ownerId && c.id !== oldCredential.id),
    ];
    const serving = await observeServing(deps.api, ownerId, config.endpointUrls);
    refuseOtherOnline(clinic, oldCredential, credentials, serving);
    return {
      clinic,
      hosts,
      config,
      oldCredential,
      ownerId,
      generation: Math.max(...credentials.map(generationOf)),
      wasOnline: sessionsServingAll(serving, oldCredential.id).length > 0,
      leftovers: credentials.filter((c) => c.id !== oldCredential.id && isClinicsOwn(c, clinic, ownerId)),
      kept: tagged.flatMap((c) => {
        const why = c.id === oldCredential.id ? undefined : whyNotOwn(c, clinic, ownerId);
        return why ? [{ id: c.id, why }] : [];
      }),
      revoked: false,
      undo: { temporaryAgent: false, pushed: new Set(), restarted: new Set() },
      deps,
    };
  } catch (error) {
    await closeHosts(hosts);
    throw error;
  }
}

/** The credential of the highest generation (the API lists newest first, which breaks ties). */
function newestOf(credentials: Credential[]): Credential | undefined {
  return [...credentials].sort((a, b) => generationOf(b) - generationOf(a))[0];
}

/**
 * Refuses while another of the clinic's credentials is online beside the one the host names: another rotation's
 * agent may be running, and its credential must not be deleted as a leftover.
 */
function refuseOtherOnline(
  clinic: string,
  old: Credential,
  credentials: Credential[],
  serving: Serving,
): void {
  const others = credentials.filter((c) => c.id !== old.id && sessionsOf(serving, c.id).length > 0);
  if (others.length === 0) return;
  throw new ExternalError(
    `Credentials of ${clinic} other than the host's ${old.id} are online (${others.map((c) => c.id).join(', ')}); another rotation may be running.`,
    'Wait for it to finish, or stop the extra agent on the host, then rotate again.',
  );
}

/** Closes every host connection, ignoring ones that already dropped. */
export async function closeHosts(hosts: RotateHost[]): Promise<void> {
  await Promise.all(hosts.map(({ remote }) => remote.close().catch(() => undefined)));
}

/**
 * Why there is nothing to rotate: a clinic onboarded only in the office (`--stage cloud`) has cloud endpoints, which
 * `fleet` lists, but no authtoken until the host stage; any other id is not a clinic of the account.
 */
async function noCredentialError(deps: RotateDeps, clinic: string): Promise<UserError> {
  const cloud = await collect(deps.api.endpoints.list({ filter: cloudEndpointsFilter }));
  if (cloud.some((endpoint) => hasTag(endpoint.metadata, { clinic, role: 'cloud-endpoint' }))) {
    return new UserError(
      `${clinic} has no authtoken to rotate yet: only its cloud side is onboarded (--stage cloud).`,
      'Run `clinic-tui onboard --answers FILE --stage host` at the clinic first; it creates the authtoken.',
    );
  }
  return new UserError(
    `The ngrok account has no clinic "${clinic}".`,
    'Check the id with `clinic-tui fleet --once`; only clinics onboarded by clinic-tui can be rotated.',
  );
}
