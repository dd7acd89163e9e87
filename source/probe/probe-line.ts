import type { ProbeVerdict } from '../store/probe-results.js';
import type { HttpProbeKind } from './plan.js';

/**
 * One probe, as a person reads it: what was sent, what came back, and why it matters. `reached` is the authorised
 * request getting through (a pass); the other outcomes are the stranger verdicts of probe-results.json.
 */
export interface ProbeLine {
  url: string;
  name?: string;
  probe: HttpProbeKind | 'silent-connection' | 'authorised' | 'route';
  sent: string;
  got: string;
  outcome: ProbeVerdict | 'reached';
  why: string;
}

const rank: Record<ProbeLine['outcome'], number> = {
  open: 3,
  failed: 2,
  'not-provable': 1,
  refused: 0,
  reached: 0,
};

/** The worst line of an endpoint (open > failed > not-provable > refused), the first of equals. */
export function worstLine(lines: ProbeLine[]): ProbeLine | undefined {
  return lines.reduce<ProbeLine | undefined>(
    (worst, line) => (!worst || rank[line.outcome] > rank[worst.outcome] ? line : worst),
    undefined,
  );
}
