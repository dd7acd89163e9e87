import { buildPolicy, policyToApiString } from '../../source/policy/build.js';
import { protectionWords } from '../../source/spec/protection.js';
import { changeLists, labelsOf } from '../change-lists.js';
import type { FlowSummary, PlanReview } from '../presenter.js';
import type { FlowRunResult, StepPlan } from '../runner.js';
import type { FlowOutputs } from '../step-outputs.js';
import { agentIngressStep } from './agent-ingress.js';
import type { OnboardCtx } from './context.js';
import { desiredEndpoints } from './desired-endpoints.js';
import { probeStep } from './probe.js';
import { pushConfigStep, renderClinicConfig } from './push-config.js';
import { type ReservedAddrs, reservedAddrsStep } from './reserved-addrs.js';
import { serviceStep } from './service.js';
import { verifyStep } from './verify.js';
import { wildcardDomainStep } from './wildcard-domain.js';

/** The reserved addresses a run knows: those verify checked, else those reserved (or planned). */
function knownAddrs(outputs: FlowOutputs): ReservedAddrs {
  return outputs.get(verifyStep) ?? outputs.get(reservedAddrsStep) ?? new Map();
}

/** What the run did to the hosts' service: a push installs or restarts it, else the service step says. */
function serviceOutcome(outputs: FlowOutputs): string {
  const pushed = outputs.get(pushConfigStep);
  if (pushed && pushed !== 'unchanged') return pushed;
  return outputs.get(serviceStep) ?? 'running';
}

/** The review screen's input: every step's plan, the ngrok.yml to push (token masked) and each policy. */
export function planReview(ctx: OnboardCtx, plans: StepPlan[], outputs: FlowOutputs): PlanReview {
  return {
    clinic: ctx.spec.clinic.id,
    stage: ctx.stage,
    steps: plans,
    ...(ctx.stage === 'cloud' ? {} : { agentConfig: renderClinicConfig(ctx) }),
    policies: ctx.spec.services.flatMap((service) => {
      if (!service.public) return [];
      const url = desiredEndpoints(ctx.spec, knownAddrs(outputs)).find(
        (endpoint) => endpoint.service === service,
      )?.url;
      return [
        {
          url: url ?? `tcp://<reserved address for ${service.name}>`,
          policy: policyToApiString(buildPolicy(ctx.spec, service)),
          protection: protectionWords(service),
        },
      ];
    }),
  };
}

function unique(ids: (string | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/** The summary a finished (or stopped) onboarding reports; `--json` prints it as the last line. */
export function onboardSummary(ctx: OnboardCtx, result: FlowRunResult, dryRun: boolean): FlowSummary {
  const lists = changeLists(result.changes.map((entry) => entry.change));
  const changed = new Set([...lists.created, ...lists.updated, ...lists.deleted]);
  const reused = unique([
    ...result.plans.flatMap((plan) =>
      plan.changes.filter((change) => change.kind === 'reuse').map((change) => change.id),
    ),
    ...result.changes.filter((entry) => entry.change.kind === 'reuse').map((entry) => entry.change.id),
  ]).filter((id) => !changed.has(id));
  const { outputs } = result;
  const probed = outputs.get(probeStep);
  const dnsRecords = [...(outputs.get(wildcardDomainStep) ?? []), ...(outputs.get(agentIngressStep) ?? [])];
  const status: FlowSummary['result'] = dryRun && result.ok ? 'planned' : result.ok ? 'converged' : 'failed';
  const nextSteps: string[] = [];
  if (dryRun) nextSteps.push('Nothing was changed. Run again without --dry-run to apply this plan.');
  else if (result.aborted)
    nextSteps.push('Interrupted. Run the same command again to resume; finished work is kept.');
  else if (result.declined) nextSteps.push('Nothing was changed.');
  else if (!result.ok)
    nextSteps.push('Fix the problem above and run the same command again; it resumes where it stopped.');
  else {
    if (dnsRecords.length > 0)
      nextSteps.push(
        'Make sure the DNS records above exist; the certificate is issued once both CNAMEs resolve.',
      );
    if (ctx.stage === 'cloud')
      nextSteps.push('On site, run `clinic-tui onboard --answers FILE --stage host`.');
    for (const endpoint of probed?.unexpectedlyOpen ?? [])
      nextSteps.push(
        `A stranger got in at ${endpoint.url} (${endpoint.detail}): add a JWT check or an allow list to its answers and run again; \`clinic-tui verify ${ctx.spec.clinic.id}\` shows each probe.`,
      );
  }
  return {
    clinic: ctx.spec.clinic.id,
    result: status,
    ...lists,
    labels: { ...labelsOf(result.plans.flatMap((plan) => plan.changes)), ...lists.labels },
    reused,
    ...(ctx.stage === 'cloud'
      ? {}
      : {
          host: {
            config_path: ctx.spec.host.config_path,
            service: dryRun ? 'unchanged' : serviceOutcome(outputs),
          },
        }),
    publicUrls: desiredEndpoints(ctx.spec, knownAddrs(outputs)).flatMap((endpoint) =>
      endpoint.url ? [endpoint.url] : [],
    ),
    dnsRecords,
    ...(probed ? { probes: probed.lines } : {}),
    nextSteps,
    ...(result.failure
      ? {
          error: {
            message: result.failure.message,
            ...(result.failure.hint ? { hint: result.failure.hint } : {}),
          },
        }
      : {}),
  };
}
