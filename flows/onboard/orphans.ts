import { isClinicsOwn, whyNotOwn } from '../../source/clinic-record/ownership.js';
import type { Credential } from '../../source/ngrok/types.js';
import { allSettled } from '../all-settled.js';
import { deleteIfPresent } from '../ignore-gone.js';
import type { AccountView } from './account.js';
import { onboardStep } from './context.js';
import { credentialStep } from './credential.js';
import { verifyStep } from './verify.js';

const subject = 'authtoken no host holds';

/**
 * The clinic's tagged credentials besides the held one, split into orphans (certainly the clinic's: its service
 * user's, with its exact ACL) and the rest, which only claim the clinic by an editable tag and are left alone.
 */
export async function unheldCredentials(
  account: AccountView,
  clinicId: string,
  held: string | undefined,
): Promise<{ orphans: Credential[]; kept: { id: string; why: string }[] }> {
  const [credentials, user] = await Promise.all([account.credentials(), account.serviceUser()]);
  const unheld = credentials.filter((credential) => credential.id !== held);
  return {
    orphans: unheld.filter((credential) => isClinicsOwn(credential, clinicId, user?.id)),
    kept: unheld.flatMap((credential) => {
      const why = whyNotOwn(credential, clinicId, user?.id);
      return why ? [{ id: credential.id, why }] : [];
    }),
  };
}

/**
 * Token lost (or a run killed between creating a credential and pushing it): credentials of this clinic that no
 * host holds are deleted, but only after verify proved the hosts are online with the one they do hold.
 */
export const orphanCredentialsStep = onboardStep({
  id: 'host.orphans',
  title: 'Remove unused authtokens',
  needs: [verifyStep, credentialStep],
  async plan(ctx, io) {
    const kept = await io.planned(credentialStep);
    const found = await unheldCredentials(ctx.account, ctx.spec.clinic.id, kept?.id);
    return {
      changes: [
        ...found.orphans.map((credential) => ({ kind: 'delete' as const, subject, id: credential.id })),
        ...found.kept.map(({ id, why }) => ({
          kind: 'none' as const,
          subject: `authtoken tagged for ${ctx.spec.clinic.id}, not deleted: ${why}`,
          id,
        })),
      ],
    };
  },
  async apply(ctx, io) {
    const held = io.output(credentialStep).id;
    // Read anew: the service user may have been created by this run, after the plan read the account.
    const { orphans } = await unheldCredentials(ctx.account.fresh(), ctx.spec.clinic.id, held);
    await allSettled(
      orphans.map(async (credential) => {
        await deleteIfPresent(() => ctx.api.credentials.delete(credential.id));
        io.change({ kind: 'delete', subject, id: credential.id });
      }),
    );
  },
});
