import type { ProbeLine } from '../../source/probe/probe-line.js';
import { runStrangerProbes } from '../../source/probe/run.js';
import { openToAnyone, protectionWords } from '../../source/spec/protection.js';
import type { ClinicProbeResult, EndpointProbeResult } from '../../source/store/probe-results.js';
import { onboardStep } from './context.js';
import { desiredEndpoints } from './desired-endpoints.js';
import { verifyStep } from './verify.js';

/** What the stranger probes showed: every probe as a line, and the per-endpoint verdicts the fleet keeps. */
export interface ProbeOutcome {
  lines: ProbeLine[];
  summary: ClinicProbeResult;
  /** Endpoints the answers protect that let a stranger in anyway (those the answers open to anyone are left out). */
  unexpectedlyOpen: EndpointProbeResult[];
}

/**
 * Once verify has seen everything online, each public endpoint is attacked the way a stranger would (no header, a
 * wrong one, a malformed or expired JWT, a connection from outside the allow list), as `clinic-tui verify` does.
 * The URLs and policies come from the answers, not from the account. The probes report, they do not undo: an
 * endpoint the answers protect that lets a stranger in (a header checked only for presence, say) is named in the
 * summary and kept for the fleet, which shows it as drift until the answers are tightened.
 */
export const probeStep = onboardStep({
  id: 'probe',
  title: 'Prove strangers are refused',
  needs: [verifyStep],
  always: true,
  async plan(ctx) {
    const count = ctx.spec.services.filter((service) => service.public).length;
    return { changes: [{ kind: 'none', subject: `stranger probes of ${count} public endpoint(s)` }] };
  },
  async apply(ctx, io): Promise<ProbeOutcome> {
    const { probes } = ctx;
    if (!probes) throw new Error('the probe step runs only when the run probes');
    const endpoints = desiredEndpoints(ctx.spec, io.output(verifyStep)).flatMap((desired) =>
      desired.url ? [{ url: desired.url, name: desired.service.name, trafficPolicy: desired.policy }] : [],
    );
    io.status(`probing ${endpoints.length} public endpoint(s) from this laptop`);
    const { results, summary } = await runStrangerProbes({
      clinic: ctx.spec.clinic.id,
      endpoints,
      dialer: probes.dialer,
      signal: io.signal,
      onLine: (line) => io.log(`${line.outcome}: ${line.url} ${line.sent} → ${line.got}`),
    });
    await probes.record(ctx.spec.clinic.id, summary);
    const meantOpen = new Set(
      ctx.spec.services
        .filter((service) => protectionWords(service) === openToAnyone)
        .map((service) => service.name),
    );
    const unexpectedlyOpen = summary.endpoints.filter(
      (endpoint) => endpoint.verdict === 'open' && !meantOpen.has(endpoint.name ?? ''),
    );
    return { lines: results, summary, unexpectedlyOpen };
  },
});
