import type { AnyStep, Flow } from '../step.js';
import { agentIngressStep } from './agent-ingress.js';
import { cloudEndpointsStep } from './cloud-endpoints.js';
import type { OnboardCtx, Stage } from './context.js';
import { credentialStep } from './credential.js';
import { duplicatesStep } from './duplicates.js';
import { orphanCredentialsStep } from './orphans.js';
import { pushConfigStep } from './push-config.js';
import { reservedAddrsStep } from './reserved-addrs.js';
import { serviceStep } from './service.js';
import { serviceUserStep } from './service-user.js';
import { verifyStep } from './verify.js';
import { wildcardDomainStep } from './wildcard-domain.js';

/** The cloud stage (office): account resources only. */
const cloudSteps: AnyStep<OnboardCtx>[] = [
  serviceUserStep,
  wildcardDomainStep,
  reservedAddrsStep,
  cloudEndpointsStep,
  agentIngressStep,
];
/** The host stage (on site): the authtoken, ngrok.yml and the service. */
const hostSteps: AnyStep<OnboardCtx>[] = [credentialStep, pushConfigStep, serviceStep];

/** The onboarding flow for a stage, in the guide's order; verify ends every stage, then the clean-up. */
export function onboardFlow(stage: Stage): Flow<OnboardCtx> {
  const steps = [
    ...(stage === 'host' ? [] : cloudSteps),
    ...(stage === 'cloud' ? [] : hostSteps),
    verifyStep,
    ...(stage === 'cloud' ? [] : [orphanCredentialsStep]),
    duplicatesStep,
  ];
  return { id: 'onboard', title: `Onboard (stage ${stage})`, steps };
}
