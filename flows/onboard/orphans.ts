import { allSettled } from '../all-settled.js';
import { deleteIfPresent } from '../ignore-gone.js';
import { onboardStep } from './context.js';
import { credentialStep } from './credential.js';
import { verifyStep } from './verify.js';

const subject = 'authtoken no host holds';

/**
 * Token lost (or a run killed between creating a credential and pushing it): credentials of this clinic that no
 * host holds are deleted, but only after verify proved the hosts are online with the one they do hold.
 */
export const orphanCredentialsStep = onboardStep({
  id: 'host.orphans',
  title: 'Remove unused authtokens',
  needs: [verifyStep, credentialStep],
  async plan(ctx, io) {
    const [credentials, kept] = await Promise.all([ctx.account.credentials(), io.planned(credentialStep)]);
    return {
      changes: credentials
        .filter((credential) => credential.id !== kept?.id)
        .map((credential) => ({ kind: 'delete' as const, subject, id: credential.id })),
    };
  },
  async apply(ctx, io) {
    const held = io.output(credentialStep).id;
    const orphans = (await ctx.account.credentials()).filter((credential) => credential.id !== held);
    await allSettled(
      orphans.map(async (credential) => {
        await deleteIfPresent(() => ctx.api.credentials.delete(credential.id));
        io.change({ kind: 'delete', subject, id: credential.id });
      }),
    );
  },
});
