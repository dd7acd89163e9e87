import type { ProbeLine } from '../probe/probe-line.js';
import type { ClinicProbeResult, EndpointProbeResult } from '../store/probe-results.js';

/**
 * The lines of `clinic-tui verify`: one per probe (✓ refused or reached, ✗ let in or not run, ? not provable), then one
 * per endpoint; with --json one object per probe, then the summary object.
 */

const marks: Record<ProbeLine['outcome'], string> = {
  refused: '✓',
  reached: '✓',
  open: '✗',
  failed: '✗',
  'not-provable': '?',
};

const verdictWords: Record<EndpointProbeResult['verdict'], string> = {
  refused: 'refuses strangers',
  open: 'LETS A STRANGER IN',
  'not-provable': 'not proven',
  failed: 'probe failed',
};

/** One probe as a plain line: mark, endpoint, what was sent → what came back, and why it matters. */
export function formatProbeLine(line: ProbeLine): string {
  const who = line.name ? `${line.url} (${line.name})` : line.url;
  return `${marks[line.outcome]} ${who}: ${line.sent} → ${line.got} — ${line.why}`;
}

/** The endpoints' verdicts, one line each, after the probes. */
export function formatVerdictLines(clinic: string, summary: ClinicProbeResult): string[] {
  return [
    `${clinic}: ${summary.endpoints.length} public endpoint${summary.endpoints.length === 1 ? '' : 's'} probed`,
    ...summary.endpoints.map(
      (endpoint) => `  ${endpoint.url}: ${verdictWords[endpoint.verdict]} (${endpoint.detail})`,
    ),
  ];
}

/** One probe as a --json object. */
export function probeJson(line: ProbeLine): Record<string, unknown> {
  return { type: 'probe', ...line };
}

/** The last --json object: the clinic's verdicts as probe-results.json stores them. */
export function summaryJson(clinic: string, summary: ClinicProbeResult): Record<string, unknown> {
  return { clinic, ...summary };
}
