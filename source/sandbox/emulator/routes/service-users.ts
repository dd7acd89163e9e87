import { applyPatch, checkBody } from '../body.js';
import { timestamp } from '../http.js';
import { listReply, path, type Route } from '../router.js';
import { newId } from '../store.js';

const createSpec = { name: 'string', active: 'boolean' } as const;

/**
 * `/service_users` and the legacy `/bot_users`: same shape, same store
 * (https://ngrok.com/docs/api-reference/service-users).
 */
export function serviceUserRoutes(collectionPath: '/service_users' | '/bot_users'): Route[] {
  const key = collectionPath.slice(1);
  const prefix = collectionPath === '/bot_users' ? 'bot' : 'service';
  return [
    {
      method: 'POST',
      pattern: path(collectionPath),
      handle: ({ state, body }) => {
        const fields = checkBody(body, createSpec);
        const id = newId(prefix);
        const user = state.serviceUsers.add({
          id,
          uri: state.uri(`${collectionPath}/${id}`),
          name: String(fields.name ?? ''),
          active: fields.active !== false,
          created_at: timestamp(state.clock()),
        });
        return { status: 201, body: user };
      },
    },
    {
      method: 'GET',
      pattern: path(collectionPath),
      handle: (context) => listReply(context, context.state.serviceUsers, key, collectionPath),
    },
    {
      method: 'GET',
      pattern: path(`${collectionPath}/{id}`),
      handle: ({ state, params }) => ({ status: 200, body: state.serviceUsers.get(params[0] ?? '') }),
    },
    {
      method: 'PATCH',
      pattern: path(`${collectionPath}/{id}`),
      handle: ({ state, params, body }) => {
        const user = state.serviceUsers.get(params[0] ?? '');
        applyPatch(user, checkBody(body, createSpec));
        state.serviceUsers.touch();
        return { status: 200, body: user };
      },
    },
    {
      // Whether deleting a service user also revokes its credentials is unconfirmed; the emulator keeps them, so
      // the tool must delete credentials itself.
      method: 'DELETE',
      pattern: path(`${collectionPath}/{id}`),
      handle: ({ state, params }) => {
        state.serviceUsers.remove(params[0] ?? '');
        return { status: 204 };
      },
    },
  ];
}
