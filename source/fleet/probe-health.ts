import type { ClinicProbeResult, EndpointProbeResult } from '../store/probe-results.js';
import { ago } from './time-text.js';

/**
 * What a clinic's last stranger probe (probe-results.json, written by `clinic-tui verify`) means for the fleet:
 * pure functions over the stored result, joined into each clinic's row like the memory is.
 */

/** The last probe's outcome as one word: every endpoint refused, some open, some unproven, or never probed. */
export type ProbeOutcome = 'refused' | 'open' | 'unproven' | 'never';

/** The outcome of a clinic's last probe: open wins over unproven, which wins over refused. */
export function probeOutcome(probe: ClinicProbeResult | undefined): ProbeOutcome {
  if (!probe) return 'never';
  if (probe.endpoints.some((endpoint) => endpoint.verdict === 'open')) return 'open';
  if (probe.endpoints.some((endpoint) => endpoint.verdict !== 'refused')) return 'unproven';
  return 'refused';
}

/** How long ago the probe ran (`3h`), or `?` when its time cannot be read. */
function probeAge(probe: ClinicProbeResult, now: number): string {
  const at = Date.parse(probe.at);
  return Number.isNaN(at) ? '?' : ago(now - at);
}

/** The endpoints a stranger got into at the last probe. */
function openEndpoints(probe: ClinicProbeResult | undefined): EndpointProbeResult[] {
  return probe?.endpoints.filter((endpoint) => endpoint.verdict === 'open') ?? [];
}

/** The reason a clinic is not healthy because of its last probe; undefined when no endpoint was found open. */
export function exposureReason(probe: ClinicProbeResult | undefined, now: number): string | undefined {
  const open = openEndpoints(probe);
  const [first] = open;
  if (!probe || !first) return undefined;
  const more = open.length > 1 ? ` (+${open.length - 1} more)` : '';
  return `public endpoint open to strangers: ${first.url}${more} (probed ${probeAge(probe, now)} ago)`;
}

/** The PROBE cell: `✓ 2h` every endpoint refused, `OPEN`, `? 2h` not provable or failed, `—` never probed. */
export function probeCell(probe: ClinicProbeResult | undefined, now: number): string {
  if (!probe) return '—';
  const outcome = probeOutcome(probe);
  if (outcome === 'open') return 'OPEN';
  return `${outcome === 'refused' ? '✓' : '?'} ${probeAge(probe, now)}`;
}
