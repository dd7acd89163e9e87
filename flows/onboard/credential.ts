import { generationOf } from '../../source/clinic-record/credentials.js';
import { clinicAcl } from '../../source/clinic-record/ownership.js';
import { UserError } from '../../source/errors.js';
import type { Credential } from '../../source/ngrok/types.js';
import { allSettled } from '../all-settled.js';
import { deleteIfPresent } from '../ignore-gone.js';
import { registerSecret } from '../redact.js';
import type { Change, StepIO } from '../step.js';
import { type OnboardCtx, onboardStep } from './context.js';
import { createOrFind } from './create-or-find.js';
import {
  type ClinicCredential,
  keepableCredential,
  needsRecordUpdate,
  recordMetadata,
} from './held-credential.js';
import { addrsOnRecord, reservedAddrsStep } from './reserved-addrs.js';
import { serviceUserStep } from './service-user.js';

/** The host stage runs without the cloud steps: the service user must exist already. */
async function requireServiceUser(ctx: OnboardCtx): Promise<void> {
  if (ctx.stage !== 'host' || (await ctx.account.serviceUser())) return;
  throw new UserError(
    `The service user of ${ctx.spec.clinic.id} does not exist yet.`,
    'Run `clinic-tui onboard --stage cloud` first (or --stage all).',
  );
}

/**
 * A credential whose create answer was lost is useless: ngrok shows a token only in that answer
 * (https://ngrok.com/docs/api-reference/credentials/create). Deletes the clinic's credentials that appeared since
 * the run read them, and finds nothing, so the create is sent again.
 */
async function deleteLost(ctx: OnboardCtx, io: StepIO, known: Credential[]): Promise<undefined> {
  const lost = (await ctx.account.fresh().credentials()).filter(
    (credential) => !known.some((old) => old.id === credential.id),
  );
  await allSettled(
    lost.map(async (credential) => {
      await deleteIfPresent(() => ctx.api.credentials.delete(credential.id));
      io.change({ kind: 'delete', subject: 'authtoken whose token was lost', id: credential.id });
    }),
  );
  return undefined;
}

/**
 * Guide step 2: the clinic's authtoken, owned by its service user, ACL exactly `bind:*.<id>.internal`. Created
 * only now, on site, so its token goes straight into the pushed config and never rests on the laptop. When the
 * hosts already hold a credential of ours, it is kept (its token is read back from the host, in memory only).
 * Hands on the credential with its token: the kept one from the plan, the created one from the apply.
 */
export const credentialStep = onboardStep({
  id: 'host.credential',
  title: 'Clinic authtoken',
  needs: [serviceUserStep, reservedAddrsStep],
  async plan(ctx, io) {
    await requireServiceUser(ctx);
    const acl = clinicAcl(ctx.spec.clinic.id);
    const keepable = await keepableCredential(ctx);
    if ('note' in keepable)
      return {
        changes: [{ kind: 'create', subject: `authtoken with ACL ${acl.join(', ')}${keepable.note}` }],
      };
    const { credential, token } = keepable.held;
    const changes: Change[] = [{ kind: 'reuse', subject: 'the authtoken the host holds', id: credential.id }];
    // The record lists the reserved addresses: this run's when it reserves them, else the account's (host stage).
    const addrs = (await io.planned(reservedAddrsStep)) ?? (await addrsOnRecord(ctx));
    const metadata = await recordMetadata(ctx, generationOf(credential), addrs);
    if (needsRecordUpdate(credential, metadata, acl))
      changes.push({ kind: 'update', subject: 'clinic record and ACL on the authtoken', id: credential.id });
    const output: ClinicCredential = { id: credential.id, token, created: false };
    return { changes, output };
  },
  async apply(ctx, io, kept) {
    const acl = clinicAcl(ctx.spec.clinic.id);
    const credentials = await ctx.account.credentials();
    const addrs = io.optionalOutput(reservedAddrsStep) ?? (await addrsOnRecord(ctx));
    const keep = kept && credentials.find((credential) => credential.id === kept.id);
    if (kept && keep) {
      const metadata = await recordMetadata(ctx, generationOf(keep), addrs);
      if (needsRecordUpdate(keep, metadata, acl)) {
        await ctx.api.credentials.update(keep.id, { metadata, acl });
        io.change({ kind: 'update', subject: 'clinic record and ACL on the authtoken', id: keep.id });
      }
      return kept;
    }
    const generation = Math.max(0, ...credentials.map(generationOf)) + 1;
    const owner = io.optionalOutput(serviceUserStep) ?? (await ctx.account.serviceUser());
    const body = {
      description: `clinic-tui: ${ctx.spec.clinic.name} agent`.slice(0, 255),
      metadata: await recordMetadata(ctx, generation, addrs),
      acl,
      ...(owner ? { owner_id: owner.id } : {}),
    };
    const made = await createOrFind(
      io,
      'the authtoken',
      () => ctx.api.credentials.create(body),
      () => deleteLost(ctx, io, credentials),
    );
    if (!made.token) throw new Error('ngrok created the credential but returned no token');
    registerSecret(made.token);
    io.change({ kind: 'create', subject: `authtoken ${acl.join(', ')}`, id: made.id });
    return { id: made.id, token: made.token, created: true };
  },
});
