import { parseTag } from '../../source/ngrok/tags.js';
import type { Endpoint } from '../../source/ngrok/types.js';
import { sameUrl } from '../../source/spec/url-normal.js';
import { allSettled } from '../all-settled.js';
import { whyKeepEndpoint } from '../cloud-ownership.js';
import { deleteIfPresent } from '../ignore-gone.js';
import type { Change, StepIO } from '../step.js';
import { type OnboardCtx, onboardStep } from './context.js';
import { createOrAdopt } from './create-or-adopt.js';
import { canonicalPolicy, type DesiredEndpoint, desiredEndpoints, policyDiff } from './desired-endpoints.js';
import { endpointConflict } from './endpoint-conflict.js';
import { oldestFirst } from './oldest-first.js';
import { type ReservedAddrs, reservedAddrsStep } from './reserved-addrs.js';

/** What to do with a wanted or live endpoint; `keep`: tagged for the clinic, but another clinic's (`why`). */
type EndpointAction =
  | { kind: 'create' | 'update' | 'reuse' | 'delete'; desired?: DesiredEndpoint; live?: Endpoint }
  | { kind: 'keep'; desired?: undefined; live: Endpoint; why: string };

function isOurs(endpoint: Endpoint, clinic: string): boolean {
  const tag = parseTag(endpoint.metadata);
  return tag?.role === 'cloud-endpoint' && tag.clinic === clinic;
}

/** Matches wanted endpoints to live ones: by our tag first, else a hand-made endpoint at the same URL (adopted). */
async function reconcile(ctx: OnboardCtx, addrs: ReservedAddrs): Promise<EndpointAction[]> {
  const clinic = ctx.spec.clinic.id;
  const live = await ctx.account.cloudEndpoints();
  // Oldest first: of duplicates at one URL (a race), every run keeps the same one and deletes the others.
  const ours = oldestFirst(live).filter((endpoint) => isOurs(endpoint, clinic));
  const used = new Set<string>();
  const actions: EndpointAction[] = desiredEndpoints(ctx.spec, addrs).map((desired) => {
    const { url } = desired;
    const match =
      (url && ours.find((endpoint) => sameUrl(endpoint.url, url))) ||
      (url && live.find((endpoint) => sameUrl(endpoint.url, url) && !parseTag(endpoint.metadata)));
    if (!match) return { desired, kind: 'create' };
    used.add(match.id);
    return { desired, live: match, kind: isAsWanted(match, desired) ? 'reuse' : 'update' };
  });
  // Our endpoints the spec no longer asks for (a service removed, a URL changed) go once the new ones exist; one
  // whose policy forwards to another clinic is that clinic's, whatever its (editable) tag says.
  for (const endpoint of ours.filter((one) => !used.has(one.id))) {
    const why = await whyKeepEndpoint(endpoint, clinic);
    actions.push(why ? { live: endpoint, kind: 'keep', why } : { live: endpoint, kind: 'delete' });
  }
  return actions;
}

function describe(action: EndpointAction): Change {
  if (action.kind === 'keep') return { kind: 'none', subject: action.why, id: action.live.id };
  const url =
    action.desired?.url ?? action.live?.url ?? `tcp://<reserved address for ${action.desired?.service.name}>`;
  const change: Change = {
    kind: action.kind,
    subject: `cloud endpoint ${url}`,
    ...(action.live ? { id: action.live.id } : {}),
  };
  if (action.kind === 'update' && action.live && action.desired) {
    const diff = policyDiff(action.live.traffic_policy, action.desired.policy);
    change.detail = diff === '' ? 'metadata tag added' : diff;
  }
  return change;
}

/** True when a live endpoint already has what the spec wants (policy and tag). */
function isAsWanted(live: Endpoint, desired: DesiredEndpoint): boolean {
  return (
    canonicalPolicy(live.traffic_policy) === canonicalPolicy(desired.policy) &&
    live.metadata === desired.metadata
  );
}

/** Updates a live endpoint in place to the spec's policy and tag. */
async function updateEndpoint(
  ctx: OnboardCtx,
  io: StepIO,
  desired: DesiredEndpoint,
  live: Endpoint,
): Promise<Endpoint> {
  const body = {
    traffic_policy: desired.policy,
    metadata: desired.metadata,
    description: desired.description,
  };
  const updated = await ctx.api.endpoints.update(live.id, body);
  io.change({ ...describe({ desired, live, kind: 'update' }), id: updated.id });
  return updated;
}

/**
 * Creates a wanted endpoint. A racing run may create it first: its endpoint is adopted when tagged for this clinic
 * (and updated, as one found up front would be, when it differs from the spec); anything else at the URL fails.
 */
async function createEndpoint(
  ctx: OnboardCtx,
  io: StepIO,
  desired: DesiredEndpoint,
  url: string,
): Promise<Endpoint> {
  const clinic = ctx.spec.clinic.id;
  const { resource: made, adopted } = await createOrAdopt(
    io,
    `cloud endpoint ${url}`,
    () =>
      ctx.api.endpoints.create({
        type: 'cloud',
        url,
        traffic_policy: desired.policy,
        bindings: ['public'],
        description: desired.description,
        metadata: desired.metadata,
      }),
    async () =>
      oldestFirst(await ctx.account.fresh().cloudEndpoints()).find(
        (endpoint) => sameUrl(endpoint.url, url) && isOurs(endpoint, clinic),
      ),
    endpointConflict(ctx.api, url, clinic),
  );
  if (adopted && !isAsWanted(made, desired)) return updateEndpoint(ctx, io, desired, made);
  io.change({ kind: adopted ? 'reuse' : 'create', subject: `cloud endpoint ${made.url}`, id: made.id });
  return made;
}

/** Guide step: the public cloud endpoints with their Traffic Policy; updated in place, never deleted and remade. */
export const cloudEndpointsStep = onboardStep({
  id: 'cloud.endpoints',
  title: 'Cloud endpoints and Traffic Policy',
  needs: [reservedAddrsStep],
  async plan(ctx, io) {
    const addrs = (await io.planned(reservedAddrsStep)) ?? new Map();
    return { changes: (await reconcile(ctx, addrs)).map(describe) };
  },
  async apply(ctx, io) {
    const actions = await reconcile(ctx, io.output(reservedAddrsStep));
    const results = await allSettled(
      actions.map(async (action): Promise<Endpoint | undefined> => {
        const { desired, live } = action;
        if (action.kind === 'delete') return undefined;
        if (action.kind === 'create' && desired?.url) return createEndpoint(ctx, io, desired, desired.url);
        if (action.kind === 'update' && desired && live) return updateEndpoint(ctx, io, desired, live);
        return live;
      }),
    );
    // Deletes only after every create/update succeeded, so a clinic is never left without its endpoint.
    for (const action of actions.filter((entry) => entry.kind === 'delete' && entry.live)) {
      await deleteIfPresent(() => ctx.api.endpoints.delete(action.live!.id));
      io.change(describe(action));
    }
    const kept = results.filter((endpoint): endpoint is Endpoint => endpoint !== undefined);
    ctx.account.update<Endpoint>('cloud-endpoints', (all) => [
      ...all.filter((endpoint) => !actions.some((action) => action.live?.id === endpoint.id)),
      ...kept,
    ]);
  },
});
