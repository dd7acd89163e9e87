import { type ProbeLine, worstLine } from '../probe/probe-line.js';
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

/**
 * One line per endpoint for a summary screen: its worst mark and what came back, e.g. "✓ https://api… (rest-api):
 * 4 stranger probes refused (HTTP 401)"; the full lines stay with `clinic-tui verify` and plain output.
 */
export function formatProbeSummaryLines(lines: ProbeLine[]): string[] {
  const byUrl = new Map<string, ProbeLine[]>();
  for (const line of lines) byUrl.set(line.url, [...(byUrl.get(line.url) ?? []), line]);
  return [...byUrl.values()].map((probes) => {
    const [first] = probes as [ProbeLine, ...ProbeLine[]];
    const who = first.name ? `${first.url} (${first.name})` : first.url;
    const worst = worstLine(probes);
    if (worst && worst.outcome !== 'refused' && worst.outcome !== 'reached')
      return `${marks[worst.outcome]} ${who}: ${worst.sent} → ${worst.got}`;
    const answers = [...new Set(probes.map((probe) => probe.got))].join(', ');
    const count = probes.length === 1 ? 'the stranger probe was' : `${probes.length} stranger probes were`;
    return `${marks.refused} ${who}: ${count} refused (${answers})`;
  });
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
