import { collect } from '../../source/ngrok/client.js';
import {
  agentEndpointsFilter,
  agentEndpointsOf,
  cloudEndpointsOf,
} from '../../source/ngrok/endpoint-filters.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import type { Endpoint } from '../../source/ngrok/types.js';
import { normalizeUrl } from '../../source/spec/url-normal.js';
import type { OnboardCtx } from './context.js';
import type { DesiredEndpoint } from './desired-endpoints.js';

/** One look at the clinic: its endpoints, and the credential of each session serving one (when known). */
export interface ClinicLook {
  endpoints: Endpoint[];
  credentialOf(sessionId: string): string | undefined;
}

/** What verify watches: the agents' owner (undefined in the cloud stage: no agent is checked) and the cloud endpoints. */
export interface Watched {
  agents: { ownerId: string | undefined } | undefined;
  desired: DesiredEndpoint[];
}

/**
 * The filter of verify's one list (https://ngrok.com/docs/api/api-filtering/, where `type`, `principal.id`,
 * `metadata` and `url` are filterable): the agent endpoints started with the owner's authtokens (an agent
 * endpoint's principal is the authtoken's owner) and the cloud endpoints by our tag or wanted URL. Without a known
 * owner, every agent endpoint.
 */
function clinicFilter(watched: Watched): string | undefined {
  const { agents, desired } = watched;
  const agentPart = agents && (agents.ownerId ? agentEndpointsOf([agents.ownerId]) : agentEndpointsFilter);
  const cloudPart = cloudEndpointsOf({
    metadata: desired.map((wanted) => wanted.metadata),
    // `==` compares text, so each URL goes in ngrok's spelling (no default port, lower case), not the spec's.
    url: desired.flatMap((wanted) => (wanted.url ? [normalizeUrl(wanted.url)] : [])),
  });
  const parts = [agentPart, cloudPart].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.map((part) => `(${part})`).join(' || ') : undefined;
}

/**
 * Verify's reader: each look is one filtered endpoints list, plus one read by id of each session not seen before
 * (a session's credential never changes). Polling the whole account (every session, every endpoint) instead
 * would spend ngrok's budget of 120 requests a minute (https://ngrok.com/docs/api/#rate-limits) on one clinic.
 */
export function clinicReader(ctx: OnboardCtx, watched: Watched): () => Promise<ClinicLook> {
  const filter = clinicFilter(watched);
  const sessions = new Map<string, string | undefined>();
  return async () => {
    const endpoints = filter ? await collect(ctx.api.endpoints.list({ filter })) : [];
    const unseen = new Set(
      endpoints.flatMap((endpoint) => endpoint.tunnel_session?.id ?? []).filter((id) => !sessions.has(id)),
    );
    await Promise.all(
      [...unseen].map(async (id) => {
        try {
          sessions.set(id, (await ctx.api.tunnelSessions.get(id)).credential?.id);
        } catch (error) {
          // A session that ended between the two reads is simply not there.
          if (!(error instanceof NgrokApiError && error.status === 404)) throw error;
        }
      }),
    );
    return { endpoints, credentialOf: (id) => sessions.get(id) };
  };
}
