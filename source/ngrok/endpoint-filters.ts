/**
 * The server-side filters that list endpoints by type (https://ngrok.com/docs/api/api-filtering/): one spelling for
 * every caller, so each list pages only through the kind it needs.
 */
export const cloudEndpointsFilter = 'obj.type == "cloud"';

/** Agent endpoints, ephemeral ones included (https://ngrok.com/docs/api-reference/endpoints/list). */
export const agentEndpointsFilter = 'obj.type == "agent" || obj.type == "ephemeral"';
