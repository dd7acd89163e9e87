/**
 * The server-side filters that list endpoints by type (https://ngrok.com/docs/api/api-filtering/): one spelling for
 * every caller, so each list pages only through the kind it needs.
 */
export const cloudEndpointsFilter = 'obj.type == "cloud"';

/** Agent endpoints, ephemeral ones included (https://ngrok.com/docs/api-reference/endpoints/list). */
export const agentEndpointsFilter = 'obj.type == "agent" || obj.type == "ephemeral"';

/**
 * A field equal to any of these values, as CEL ngrok documents (`==`, `||`); undefined for no values. ngrok also
 * takes `obj.field in [...]`, which the client's filter parser does not read.
 */
function anyOf(field: string, values: readonly string[]): string | undefined {
  const unique = [...new Set(values)];
  if (unique.length === 0) return undefined;
  return unique.map((value) => `${field} == ${JSON.stringify(value)}`).join(' || ');
}

/**
 * The agent endpoints started with these principals' authtokens: `principal.id` is filterable
 * (https://ngrok.com/docs/api/api-filtering/), and an agent endpoint's principal is the owner of the authtoken
 * its agent used (the `usr_` of the ephemeral endpoint in https://ngrok.com/docs/api-reference/endpoints/list).
 */
export function agentEndpointsOf(principalIds: readonly string[]): string | undefined {
  const principals = anyOf('obj.principal.id', principalIds);
  return principals && `(${agentEndpointsFilter}) && (${principals})`;
}

/**
 * The cloud endpoints with any of these metadata strings or URLs (both filterable:
 * https://ngrok.com/docs/api/api-filtering/); undefined when none is given.
 */
export function cloudEndpointsOf(matching: {
  metadata: readonly string[];
  url: readonly string[];
}): string | undefined {
  const any = [anyOf('obj.metadata', matching.metadata), anyOf('obj.url', matching.url)].filter(Boolean);
  return any.length > 0 ? `${cloudEndpointsFilter} && (${any.join(' || ')})` : undefined;
}
