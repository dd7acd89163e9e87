import { AbortedError } from '../errors.js';
import type { ClinicProbeResult, EndpointProbeResult } from '../store/probe-results.js';
import { defaultBounds, type ProbeBounds, type ProbeCredentials, probeEndpoint } from './endpoint-probes.js';
import { planProbes } from './plan.js';
import { type ProbeLine, worstLine } from './probe-line.js';
import type { Dialer } from './route.js';
import { unprobeableReason } from './targets.js';

/** At most this many endpoints per run: a clinic has a handful; more means the account is not what we think. */
const maxEndpoints = 20;

/** One public endpoint of the clinic, as the account lists it. */
export interface PublicEndpoint {
  url: string;
  name?: string;
  trafficPolicy?: string | null;
}

export interface StrangerProbeOptions {
  clinic: string;
  endpoints: PublicEndpoint[];
  dialer: Dialer;
  signal: AbortSignal;
  /** The authorised probe's credential, when the technician supplied one (never stored, never printed). */
  credentials?: ProbeCredentials;
  bounds?: ProbeBounds;
  /** Told about each line as soon as it is known (the command prints it). */
  onLine?: (line: ProbeLine) => void;
}

/**
 * Probes each public endpoint of a clinic as an outsider would, and sums up a verdict per endpoint (the worst of its
 * probes). Rejects with AbortedError when the signal aborts; nothing else throws: a probe that cannot run is a line.
 */
export async function runStrangerProbes(
  options: StrangerProbeOptions,
): Promise<{ results: ProbeLine[]; summary: ClinicProbeResult }> {
  const at = new Date().toISOString();
  const results: ProbeLine[] = [];
  const endpoints: EndpointProbeResult[] = [];
  for (const [index, endpoint] of options.endpoints.entries()) {
    if (options.signal.aborted) throw new AbortedError();
    const lines = (await linesOf(endpoint, index, options)).map(
      (line): ProbeLine => ({
        url: endpoint.url,
        ...(endpoint.name ? { name: endpoint.name } : {}),
        ...line,
      }),
    );
    if (options.signal.aborted) throw new AbortedError();
    for (const line of lines) options.onLine?.(line);
    results.push(...lines);
    endpoints.push(summarise(endpoint, lines));
  }
  return { results, summary: { at, endpoints } };
}

type Line = Omit<ProbeLine, 'url' | 'name'>;

function notRun(why: string, got = 'not probed'): Line[] {
  return [{ probe: 'route', sent: 'nothing', got, outcome: 'failed', why }];
}

async function linesOf(
  endpoint: PublicEndpoint,
  index: number,
  options: StrangerProbeOptions,
): Promise<Line[]> {
  if (index >= maxEndpoints) return notRun(`at most ${maxEndpoints} endpoints are probed in one run`);
  const unprobeable = unprobeableReason(endpoint.url);
  if (unprobeable) return notRun(`${unprobeable}; only the clinic's public names are probed`);
  const plan = planProbes(endpoint.url, endpoint.trafficPolicy);
  let route: Awaited<ReturnType<Dialer>>;
  try {
    route = await options.dialer(endpoint.url, options.signal);
  } catch (error) {
    if (options.signal.aborted) throw new AbortedError();
    return notRun('the probe could not run, so nothing is proven', `no route: ${(error as Error).message}`);
  }
  return probeEndpoint(
    plan,
    route,
    options.credentials ?? {},
    options.bounds ?? defaultBounds,
    options.signal,
  );
}

function summarise(endpoint: PublicEndpoint, lines: ProbeLine[]): EndpointProbeResult {
  const worst = worstLine(lines);
  const verdict = !worst || worst.outcome === 'reached' ? 'refused' : worst.outcome;
  const detail =
    verdict === 'refused'
      ? `every stranger probe was refused (${lines.filter((line) => line.outcome === 'refused').length})`
      : `${worst?.probe}: ${worst?.why}`;
  return { url: endpoint.url, ...(endpoint.name ? { name: endpoint.name } : {}), verdict, detail };
}
