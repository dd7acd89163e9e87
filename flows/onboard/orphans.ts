import { deleteIfPresent } from '../ignore-gone.js';
import type { Step } from '../step.js';
import type { OnboardCtx } from './context.js';
import { credentialDecision } from './credential-decision.js';

/**
 * Token lost (or a run killed between creating a credential and pushing it): credentials of this clinic that no
 * host holds are deleted, but only after verify proved the hosts are online with the one they do hold.
 */
export const orphanCredentialsStep: Step<OnboardCtx> = {
  id: 'host.orphans',
  title: 'Remove unused authtokens',
  needs: ['verify'],
  async plan(ctx) {
    const { orphans } = await credentialDecision(ctx);
    return orphans.map((credential) => ({
      kind: 'delete' as const,
      subject: 'authtoken no host holds',
      id: credential.id,
    }));
  },
  async apply(ctx, io) {
    const { orphans } = await credentialDecision(ctx);
    await Promise.all(
      orphans.map(async (credential) => {
        await deleteIfPresent(() => ctx.api.credentials.delete(credential.id));
        io.change({ kind: 'delete', subject: 'authtoken no host holds', id: credential.id });
      }),
    );
  },
};
