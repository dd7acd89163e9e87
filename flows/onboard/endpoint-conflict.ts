import { ExternalError } from '../../source/errors.js';
import { collect, type NgrokClient } from '../../source/ngrok/client.js';
import { parseTag } from '../../source/ngrok/tags.js';
import type { Endpoint } from '../../source/ngrok/types.js';
import { sameUrl } from '../../source/spec/url-normal.js';
import type { CreateConflict } from './create-or-adopt.js';

/**
 * The codes of a create refused because an endpoint has the URL already and they do not both pool
 * (https://ngrok.com/docs/endpoints/endpoint-pooling#conflicts): ERR_NGROK_18017 for a cloud endpoint created
 * without pooling (https://ngrok.com/docs/errors/err_ngrok_18017), and ERR_NGROK_334, "already online", which ngrok
 * also names for a second endpoint on one hostname (https://ngrok.com/docs/errors/err_ngrok_334).
 */
const urlTaken = ['ERR_NGROK_18017', 'ERR_NGROK_334'];

/** What a user can recognise an endpoint by: its type and id, whose tag it carries, which session serves it. */
function describeHolder(endpoint: Endpoint): string {
  const tag = parseTag(endpoint.metadata);
  const owner = tag?.clinic
    ? `tagged for clinic ${tag.clinic} (${tag.role})`
    : tag
      ? `tagged ${tag.role}`
      : 'not made by clinic-tui';
  const session = endpoint.tunnel_session ? `, served by agent session ${endpoint.tunnel_session.id}` : '';
  return `${endpoint.type} endpoint ${endpoint.id} ${owner}${session}`;
}

/**
 * A cloud endpoint's create conflict: adopted only when the lookup finds this clinic's own tagged endpoint at the
 * URL; anything else holding the URL fails the step, named.
 */
export function endpointConflict(api: NgrokClient, url: string, clinic: string): CreateConflict {
  return {
    codes: urlTaken,
    async foreign(error) {
      // Any type may hold the URL (an agent's endpoint too), so every endpoint is read, once, on this rare path.
      const holders = (await collect(api.endpoints.list())).filter((endpoint) => sameUrl(endpoint.url, url));
      const what =
        holders.length > 0 ? holders.map(describeHolder).join('; ') : 'an endpoint this key cannot see';
      return new ExternalError(
        `The URL ${url} is already taken by ${what}; only an endpoint tagged for ${clinic} is adopted.`,
        'Delete that endpoint (or move the service to another URL), then run the same command again.',
        { cause: error },
      );
    },
  };
}
