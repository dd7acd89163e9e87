import type { ClinicSpec } from '../../source/spec/schema.js';
import type { AnyStep, Flow } from '../step.js';
import { agentIngressStep } from './agent-ingress.js';
import { cloudEndpointsStep } from './cloud-endpoints.js';
import type { OnboardCtx, Stage } from './context.js';
import { credentialStep } from './credential.js';
import { duplicatesStep } from './duplicates.js';
import { orphanCredentialsStep } from './orphans.js';
import { probeStep } from './probe.js';
import { pushConfigStep } from './push-config.js';
import { reservedAddrsStep } from './reserved-addrs.js';
import { serviceStep } from './service.js';
import { serviceUserStep } from './service-user.js';
import { verifyStep } from './verify.js';
import { wildcardDomainStep } from './wildcard-domain.js';

/** The cloud stage (office): account resources only; the agent ingress only for answers that name a connect URL. */
function cloudSteps(spec: Pick<ClinicSpec, 'agent'>): AnyStep<OnboardCtx>[] {
  return [
    serviceUserStep,
    wildcardDomainStep,
    reservedAddrsStep,
    cloudEndpointsStep,
    ...(spec.agent.connect_url ? [agentIngressStep] : []),
  ];
}
/** The host stage (on site): the authtoken, ngrok.yml and the service. */
const hostSteps: AnyStep<OnboardCtx>[] = [credentialStep, pushConfigStep, serviceStep];

/**
 * The onboarding flow for a stage and the clinic's answers, in the guide's order (a step that cannot apply, such as
 * the connect URL when none is asked, is left out rather than shown as "already in place"); verify ends every
 * stage, followed by the stranger probes when the run probes and an agent serves the clinic, then the clean-up.
 */
export function onboardFlow(
  stage: Stage,
  spec: Pick<ClinicSpec, 'agent'>,
  options: { probe?: boolean } = {},
): Flow<OnboardCtx> {
  const steps = [
    ...(stage === 'host' ? [] : cloudSteps(spec)),
    ...(stage === 'cloud' ? [] : hostSteps),
    verifyStep,
    ...(options.probe && stage !== 'cloud' ? [probeStep] : []),
    ...(stage === 'cloud' ? [] : [orphanCredentialsStep]),
    duplicatesStep,
  ];
  return { id: 'onboard', title: `Onboard (stage ${stage})`, steps };
}
