import type { HttpAnswer } from './http-request.js';
import type { EndpointPlan, HttpProbeKind } from './plan.js';
import type { ProbeLine } from './probe-line.js';
import type { ProbeRoute } from './route.js';
import { insideAllowList } from './targets.js';

type Judgement = Pick<ProbeLine, 'got' | 'outcome' | 'why'>;

const refusedWhy: Record<HttpProbeKind, string> = {
  'no-credential': 'a stranger with no credential is turned away',
  'wrong-header': 'a guessed header value is turned away',
  'malformed-jwt': 'a token that is not a JWT is turned away',
  'expired-jwt': 'an expired JWT signed by an unknown key is turned away',
};

function letInWhy(kind: HttpProbeKind, plan: EndpointPlan): string {
  switch (kind) {
    case 'no-credential':
      return 'anyone on the internet reaches the clinic service with no credential at all';
    case 'wrong-header':
      return `the ${plan.header} header is only checked for presence: its value is not a secret`;
    case 'malformed-jwt':
      return 'a token that is not a JWT was let in: the JWT check does not guard this endpoint';
    case 'expired-jwt':
      return 'an expired JWT from an unknown key was let in: tokens are not validated';
  }
}

/** What came back, in a few words. */
function describeAnswer(answer: HttpAnswer): string {
  if (answer.kind === 'status')
    return `HTTP ${answer.status}${answer.ngrokError ? ` (${answer.ngrokError})` : ''}`;
  if (answer.kind === 'closed') return 'the connection was closed with no answer';
  return `no answer: ${answer.message}`;
}

/**
 * A stranger was let in: open, unless this laptop is inside the allow list (it is no stranger there) or the route
 * does not evaluate some of the policy's actions (the sandbox): then nothing is proven either way.
 */
export function judgeLetIn(plan: EndpointPlan, route: ProbeRoute, got: string, why: string): Judgement {
  const source = route.sourceAddress;
  if (source && insideAllowList(source, plan.allowIps)) {
    return {
      got,
      outcome: 'not-provable',
      why: `this laptop (${source}) is inside allow_ips: it is no stranger here`,
    };
  }
  if (route.notEvaluated.length > 0) {
    return {
      got,
      outcome: 'not-provable',
      why: `not provable in the sandbox: ${route.notEvaluated.join(', ')}`,
    };
  }
  const unless =
    !source && plan.allowIps.length > 0
      ? ` (unless this laptop's own address is inside allow_ips ${plan.allowIps.join(', ')})`
      : '';
  const problem = plan.policyProblem ? `; ${plan.policyProblem}` : '';
  return { got, outcome: 'open', why: `${why}${unless}${problem}` };
}

/** The verdict of one stranger request: a refusal status, a closed connection where the policy closes, or let in. */
export function judgeStranger(
  kind: HttpProbeKind,
  plan: EndpointPlan,
  route: ProbeRoute,
  answer: HttpAnswer,
): Judgement {
  const got = describeAnswer(answer);
  if (answer.kind === 'status') {
    if (plan.refusalStatuses.includes(answer.status))
      return { got, outcome: 'refused', why: refusedWhy[kind] };
    return judgeLetIn(plan, route, got, letInWhy(kind, plan));
  }
  if (answer.kind === 'closed' && plan.closesConnections) {
    return { got, outcome: 'refused', why: refusedWhy[kind] };
  }
  return { got, outcome: 'failed', why: 'the probe could not run, so nothing is proven' };
}

/** The authorised request must reach the clinic: a status no denying action of the policy produces. */
export function judgeAuthorised(plan: EndpointPlan, answer: HttpAnswer): Judgement {
  const got = describeAnswer(answer);
  if (answer.kind === 'status' && !plan.refusalStatuses.includes(answer.status)) {
    return { got, outcome: 'reached', why: "the clinic's own users get through with this credential" };
  }
  if (answer.kind === 'status') {
    return { got, outcome: 'failed', why: "the credential was refused: the clinic's own users would be too" };
  }
  return { got, outcome: 'failed', why: 'the authorised request could not run, so access is not proven' };
}
