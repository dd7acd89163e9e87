import { serviceUserName } from '../../source/ngrok/tags.js';
import { onboardStep } from './context.js';
import { createOrFind } from './create-or-find.js';

/**
 * Guide step 1: the clinic's own service user, so its authtoken can be revoked without touching others. Hands on
 * the user (found by the plan, else created), whose id owns the clinic's credential. Anyone with the API key can
 * rename a user, so a name is not enough: one that owns another clinic's credential is never taken, and when every
 * user so named is another clinic's, the clinic gets one of its own (the duplicates step reports the others).
 */
export const serviceUserStep = onboardStep({
  id: 'cloud.service-user',
  title: 'Service user',
  needs: [],
  async plan(ctx) {
    const name = serviceUserName(ctx.spec.clinic.id);
    const user = await ctx.account.serviceUser();
    return {
      changes: [
        {
          kind: user ? 'reuse' : 'create',
          subject: `service user ${name}`,
          ...(user ? { id: user.id } : {}),
        },
      ],
      ...(user ? { output: user } : {}),
    };
  },
  async apply(ctx, io) {
    // Applied only when the plan's fresh read found none; a rerun after a crash reads the account again.
    const name = serviceUserName(ctx.spec.clinic.id);
    const user = await createOrFind(
      io,
      `service user ${name}`,
      () => ctx.api.serviceUsers.create({ name, active: true }),
      () => ctx.account.fresh().serviceUser(),
    );
    io.change({ kind: 'create', subject: `service user ${name}`, id: user.id });
    return user;
  },
});
