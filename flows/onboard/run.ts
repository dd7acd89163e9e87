import { createHash } from 'node:crypto';
import { AbortedError, GoBack } from '../../source/errors.js';
import type { HostOpener } from '../../source/host/clinic-host.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { ClinicSpec } from '../../source/spec/schema.js';
import { type CheckpointStore, checkpointKey } from '../../source/store/checkpoints.js';
import { auditingListener } from '../audit.js';
import { recordChanges } from '../change-lists.js';
import { errorHint, errorMessage } from '../error-text.js';
import { HostSessions } from '../host-sessions.js';
import type { FlowPresenter, FlowSummary } from '../presenter.js';
import { redact } from '../redact.js';
import { type FlowRunResult, runFlow } from '../runner.js';
import { AccountView } from './account.js';
import type { OnboardCtx, Stage, StrangerProbes } from './context.js';
import { onboardFlow } from './flow.js';
import { onboardSummary, planReview } from './summary.js';

export interface OnboardOptions {
  spec: ClinicSpec;
  stage: Stage;
  dryRun: boolean;
  api: NgrokClient;
  openHost: HostOpener;
  presenter: FlowPresenter;
  signal: AbortSignal;
  checkpoints?: CheckpointStore;
  /** Audit-log writer; default the state directory's audit.log. */
  audit?: Parameters<typeof auditingListener>[3];
  verifyTimeoutMs?: number;
  /** Pause between verify's looks; default 2.5 s: a look is about one request, of ngrok's 120 a minute. */
  pollMs?: number;
  /** Stranger probes after verify (none: no probes). */
  probes?: StrangerProbes;
}

/** Runs onboarding for one clinic: plan, confirm, apply, verify; returns the summary (already shown). */
export async function runOnboarding(
  options: OnboardOptions,
): Promise<{ summary: FlowSummary; result: FlowRunResult }> {
  const { spec, stage, presenter, signal } = options;
  const ctx: OnboardCtx = {
    spec,
    stage,
    api: options.api,
    account: new AccountView(options.api, spec.clinic.id),
    hosts: new HostSessions(options.openHost, signal, spec.clinic.id),
    verifyTimeoutMs: options.verifyTimeoutMs ?? 120_000,
    pollMs: options.pollMs ?? 2_500,
    ...(options.probes ? { probes: options.probes } : {}),
  };
  const recorded = recordChanges(
    auditingListener(presenter.listener, spec.clinic.id, 'onboard', options.audit),
  );
  try {
    const result = await runToEnd(ctx, options, recorded);
    const summary = onboardSummary(ctx, result, options.dryRun);
    await presenter.finish(summary);
    return { summary, result };
  } finally {
    await ctx.hosts.closeAll();
  }
}

/**
 * Plans and applies (a dry run: plans and shows the plan). A run the runner could not finish comes back failed, so
 * its summary is still shown last.
 */
async function runToEnd(
  ctx: OnboardCtx,
  options: OnboardOptions,
  recorded: ReturnType<typeof recordChanges>,
): Promise<FlowRunResult> {
  const { spec, stage, presenter } = options;
  try {
    const result = await runFlow(onboardFlow(stage, spec, { probe: Boolean(options.probes) }), ctx, {
      listener: recorded.listener,
      signal: options.signal,
      mode: options.dryRun ? 'plan' : 'apply',
      confirm: (plans, outputs) => presenter.confirmPlan(planReview(ctx, plans, outputs)),
      ...(options.checkpoints
        ? {
            checkpoint: {
              store: options.checkpoints,
              key: checkpointKey(spec.clinic.id, 'onboard'),
              fingerprint: specFingerprint(spec, stage),
            },
          }
        : {}),
    });
    if (options.dryRun && result.ok)
      await presenter.confirmPlan(planReview(ctx, result.plans, result.outputs));
    return result;
  } catch (error) {
    // The person at the review went back a question or stopped: nothing was applied, the command answers that.
    if (error instanceof GoBack || error instanceof AbortedError) throw error;
    return brokenRun(error, recorded.changes);
  }
}

/**
 * A run the runner could not finish (a checkpoint that could not be saved, a bug): failed, with the changes it
 * reported, so the summary still comes last and lists them.
 */
function brokenRun(error: unknown, changes: FlowRunResult['changes']): FlowRunResult {
  const hint = errorHint(error);
  const failure = { step: 'onboard', message: redact(errorMessage(error)), error, ...(hint ? { hint } : {}) };
  return { ok: false, plans: [], changes, outputs: { get: () => undefined }, resumed: [], failure };
}

/** Identifies the spec and stage a checkpoint was made for (a hash: the spec itself is not stored). */
export function specFingerprint(spec: ClinicSpec, stage: Stage): string {
  return createHash('sha256').update(JSON.stringify({ spec, stage })).digest('hex').slice(0, 16);
}
