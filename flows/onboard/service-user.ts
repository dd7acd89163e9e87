import { serviceUserName } from '../../source/ngrok/tags.js';
import type { Step } from '../step.js';
import type { OnboardCtx } from './context.js';

/** Guide step 1: the clinic's own service user, so its authtoken can be revoked without touching others. */
export const serviceUserStep: Step<OnboardCtx> = {
  id: 'cloud.service-user',
  title: 'Service user',
  needs: [],
  async plan(ctx) {
    const name = serviceUserName(ctx.spec.clinic.id);
    const user = await ctx.account.serviceUser();
    if (user) ctx.state.serviceUserId = user.id;
    return [
      { kind: user ? 'reuse' : 'create', subject: `service user ${name}`, ...(user ? { id: user.id } : {}) },
    ];
  },
  async apply(ctx, io) {
    const name = serviceUserName(ctx.spec.clinic.id);
    // The plan's fresh read of the account is trusted for this run; a rerun after a crash reads it again.
    const existing = await ctx.account.serviceUser();
    const user = existing ?? (await ctx.api.serviceUsers.create({ name, active: true }));
    ctx.account.rememberServiceUser(user);
    ctx.state.serviceUserId = user.id;
    io.change({ kind: existing ? 'reuse' : 'create', subject: `service user ${name}`, id: user.id });
  },
};
