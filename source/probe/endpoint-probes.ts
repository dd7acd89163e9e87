import { randomBytes } from 'node:crypto';
import { expiredJwt } from './expired-jwt.js';
import { sendRequest } from './http-request.js';
import { judgeAuthorised, judgeLetIn, judgeStranger } from './judge.js';
import type { EndpointPlan, HttpProbeKind } from './plan.js';
import type { ProbeLine } from './probe-line.js';
import type { ProbeRoute } from './route.js';
import { silentConnection } from './silent-connection.js';

/** A credential the technician supplied for the authorised probe: its value and where it came from (for the lines). */
export interface SuppliedSecret {
  value: string;
  /** e.g. "header.txt" or "the prompt"; the lines say "the header value from <from>", never the value. */
  from: string;
}

export interface ProbeCredentials {
  header?: SuppliedSecret;
  token?: SuppliedSecret;
}

/** How long a probe may take: a request's answer, and the quiet wait on a tcp/tls connection. */
export interface ProbeBounds {
  requestMs: number;
  quietMs: number;
}

export const defaultBounds: ProbeBounds = { requestMs: 5000, quietMs: 3000 };

type Line = Omit<ProbeLine, 'url' | 'name'>;

/** The headers and the words for what a stranger sends in one probe. */
function strangerRequest(
  kind: HttpProbeKind,
  plan: EndpointPlan,
  credentials: ProbeCredentials,
): { headers: Record<string, string>; sent: string } {
  const header = plan.header;
  const guessed = randomBytes(12).toString('hex');
  // The JWT probes carry the real header value when one was supplied, so only the JWT check can refuse them.
  const withHeader = (): [Record<string, string>, string] =>
    !header
      ? [{}, '']
      : credentials.header
        ? [
            { [header]: credentials.header.value },
            `${header} with the value from ${credentials.header.from}, `,
          ]
        : [{ [header]: guessed }, `${header} with a random value, `];
  switch (kind) {
    case 'no-credential':
      return { headers: {}, sent: 'no header, no token' };
    case 'wrong-header':
      return { headers: { [header ?? '']: guessed }, sent: `${header}: a random value, no token` };
    case 'malformed-jwt': {
      const [headers, words] = withHeader();
      return { headers: { ...headers, authorization: 'Bearer not-a-jwt' }, sent: `${words}Bearer not-a-jwt` };
    }
    case 'expired-jwt': {
      const [headers, words] = withHeader();
      const token = expiredJwt(plan.jwt ?? { algorithms: [] });
      const sent = `${words}a JWT for ${plan.jwt?.issuer ?? 'any issuer'} that expired 1 h ago, signed by a throwaway key`;
      return { headers: { ...headers, authorization: `Bearer ${token}` }, sent };
    }
  }
}

/** The authorised request, when every credential the endpoint checks was supplied. */
function authorisedRequest(plan: EndpointPlan, credentials: ProbeCredentials) {
  const needsHeader = Boolean(plan.header);
  const needsToken = Boolean(plan.jwt);
  if (!needsHeader && !needsToken) return undefined;
  if ((needsHeader && !credentials.header) || (needsToken && !credentials.token)) return undefined;
  const headers: Record<string, string> = {};
  const words: string[] = [];
  if (plan.header && credentials.header) {
    headers[plan.header] = credentials.header.value;
    words.push(`${plan.header} with the header value from ${credentials.header.from}`);
  }
  if (plan.jwt && credentials.token) {
    headers.authorization = `Bearer ${credentials.token.value}`;
    words.push(`the token from ${credentials.token.from}`);
  }
  return { headers, sent: words.join(' and ') };
}

/** Runs the planned probes of one endpoint over its route, one after the other. */
export async function probeEndpoint(
  plan: EndpointPlan,
  route: ProbeRoute,
  credentials: ProbeCredentials,
  bounds: ProbeBounds,
  signal: AbortSignal,
): Promise<Line[]> {
  if (plan.scheme === 'tcp' || plan.scheme === 'tls') {
    const answer = await silentConnection(route, bounds.quietMs, signal);
    const sent = `a connection from ${route.sourceAddress ?? 'this laptop'}, nothing sent`;
    if (answer.kind === 'closed') {
      const got = 'closed by the far side, no byte received';
      return [
        {
          probe: 'silent-connection',
          sent,
          got,
          outcome: 'refused',
          why: "a stranger's connection is closed before it reaches the clinic",
        },
      ];
    }
    if (answer.kind === 'let-in') {
      const why = 'anyone on the internet can open a connection to the clinic service';
      return [{ probe: 'silent-connection', sent, ...judgeLetIn(plan, route, answer.how, why) }];
    }
    const why = 'the probe could not run, so nothing is proven';
    return [
      { probe: 'silent-connection', sent, got: `no answer: ${answer.message}`, outcome: 'failed', why },
    ];
  }
  const path = new URL(plan.url).pathname || '/';
  const lines: Line[] = [];
  for (const kind of plan.httpProbes) {
    if (signal.aborted) break;
    const request = strangerRequest(kind, plan, credentials);
    const answer = await sendRequest(route, path, request.headers, bounds.requestMs, signal);
    lines.push({
      probe: kind,
      sent: `GET ${path} with ${request.sent}`,
      ...judgeStranger(kind, plan, route, answer),
    });
  }
  const authorised = authorisedRequest(plan, credentials);
  if (authorised && !signal.aborted) {
    const answer = await sendRequest(route, path, authorised.headers, bounds.requestMs, signal);
    lines.push({
      probe: 'authorised',
      sent: `GET ${path} with ${authorised.sent}`,
      ...judgeAuthorised(plan, answer),
    });
  }
  return lines;
}
