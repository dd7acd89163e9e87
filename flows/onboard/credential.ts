import type { Credential } from '../../source/ngrok/types.js';
import { registerSecret } from '../redact.js';
import type { Change, Step } from '../step.js';
import type { OnboardCtx } from './context.js';
import { credentialDecision, needsRecordUpdate, recordMetadata } from './credential-decision.js';

/**
 * Guide step 2: the clinic's authtoken, owned by its service user, ACL exactly `bind:*.<id>.internal`. Created
 * only now, on site, so its token goes straight into the pushed config and never rests on the laptop. When the
 * hosts already hold a credential of ours, it is kept (its token is read back from the host, in memory only).
 */
export const credentialStep: Step<OnboardCtx> = {
  id: 'host.credential',
  title: 'Clinic authtoken',
  needs: ['cloud.service-user'],
  async plan(ctx) {
    const decision = await credentialDecision(ctx);
    if (decision.keep) {
      const { credential, token } = decision.keep;
      ctx.state.credential = { id: credential.id, token, created: false };
      const changes: Change[] = [
        { kind: 'reuse', subject: 'the authtoken the host holds', id: credential.id },
      ];
      if (needsRecordUpdate(decision, await recordMetadata(ctx, decision)))
        changes.push({
          kind: 'update',
          subject: 'clinic record and ACL on the authtoken',
          id: credential.id,
        });
      return changes;
    }
    const lost = decision.orphans.length > 0 ? ' (the host does not hold any existing one)' : '';
    return [{ kind: 'create', subject: `authtoken with ACL ${decision.acl.join(', ')}${lost}` }];
  },
  async apply(ctx, io) {
    const decision = await credentialDecision(ctx);
    const metadata = await recordMetadata(ctx, decision);
    if (decision.keep) {
      if (needsRecordUpdate(decision, metadata)) {
        const { id } = decision.keep.credential;
        await ctx.api.credentials.update(id, { metadata, acl: decision.acl });
        io.change({ kind: 'update', subject: 'clinic record and ACL on the authtoken', id });
      }
      return;
    }
    const ownerId = ctx.state.serviceUserId ?? decision.serviceUserId;
    const made: Credential = await ctx.api.credentials.create({
      description: `clinic-tui: ${ctx.spec.clinic.name} agent`.slice(0, 255),
      metadata,
      acl: decision.acl,
      ...(ownerId ? { owner_id: ownerId } : {}),
    });
    if (!made.token) throw new Error('ngrok created the credential but returned no token');
    registerSecret(made.token);
    ctx.state.credential = { id: made.id, token: made.token, created: true };
    io.change({ kind: 'create', subject: `authtoken ${decision.acl.join(', ')}`, id: made.id });
  },
};
