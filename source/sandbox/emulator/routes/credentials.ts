import { randomBytes } from 'node:crypto';
import { checkAclRules } from '../acl.js';
import { applyPatch, checkBody } from '../body.js';
import { apiError, timestamp } from '../http.js';
import { listReply, path, type Route } from '../router.js';
import type { EmulatorState } from '../state.js';
import { newId } from '../store.js';

const createSpec = {
  description: 'string',
  metadata: 'string',
  acl: 'string[]',
  owner_id: 'string',
} as const;
const updateSpec = { description: 'string', metadata: 'string', acl: 'string[]' } as const;

/** An authtoken shaped like the ones ngrok issues: `<id>_<secret>`. */
function newAuthtoken(): string {
  const part = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x');
  return `2${part(20)}_${part(24)}`;
}

function ownerExists(state: EmulatorState, ownerId: string): boolean {
  return ownerId === state.accountUserId || state.serviceUsers.find(ownerId) !== undefined;
}

/**
 * `/credentials` (https://ngrok.com/docs/api-reference/credentials/create): token only in the create response, ACL
 * syntax check, owner defaults to caller.
 */
export const credentialRoutes: Route[] = [
  {
    method: 'POST',
    pattern: path('/credentials'),
    handle: ({ state, body }) => {
      const fields = checkBody(body, createSpec);
      const acl = (fields.acl as string[] | undefined) ?? [];
      checkAclRules(acl);
      const ownerId = (fields.owner_id as string | undefined) || state.accountUserId;
      if (!ownerExists(state, ownerId)) {
        throw apiError(
          400,
          'ERR_NGROK_215',
          `The value provided for owner_id is invalid: no user ${ownerId}.`,
        );
      }
      const id = newId('cr');
      const token = newAuthtoken();
      const credential = state.credentials.add({
        id,
        uri: state.uri(`/credentials/${id}`),
        created_at: timestamp(state.clock()),
        description: String(fields.description ?? ''),
        metadata: String(fields.metadata ?? ''),
        token: null,
        acl,
        owner_id: ownerId,
      });
      state.authtokens.set(token, id);
      // The only time the token is ever returned (https://ngrok.com/docs/api-reference/credentials/create).
      return { status: 201, body: { ...credential, token } };
    },
  },
  {
    method: 'GET',
    pattern: path('/credentials'),
    handle: (context) => listReply(context, context.state.credentials, 'credentials', '/credentials'),
  },
  {
    method: 'GET',
    pattern: path('/credentials/{id}'),
    handle: ({ state, params }) => ({ status: 200, body: state.credentials.get(params[0] ?? '') }),
  },
  {
    // owner_id cannot be changed (https://ngrok.com/docs/api-reference/credentials/update has no such field); it is
    // not in the update spec, so it is rejected.
    method: 'PATCH',
    pattern: path('/credentials/{id}'),
    handle: ({ state, params, body }) => {
      const credential = state.credentials.get(params[0] ?? '');
      const fields = checkBody(body, updateSpec);
      if (fields.acl) checkAclRules(fields.acl as string[]);
      applyPatch(credential, fields);
      state.credentials.touch();
      return { status: 200, body: credential };
    },
  },
  {
    method: 'DELETE',
    pattern: path('/credentials/{id}'),
    handle: ({ state, params }) => {
      const id = params[0] ?? '';
      state.credentials.remove(id);
      for (const [token, credentialId] of state.authtokens)
        if (credentialId === id) state.authtokens.delete(token);
      // A delete revokes the credential "immediately" (https://ngrok.com/docs/api-reference/credentials/delete), but
      // no ngrok page says whether sessions already using it end. Ending them is chosen so rotation can prove the
      // old token is dead.
      for (const session of state.sessionsOf(id)) state.endSession(session.id, 'revoked');
      return { status: 204 };
    },
  },
];
