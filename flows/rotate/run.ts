import { redactingListener } from '../redact.js';
import { type FlowRunResult, runFlow, type StepPlan } from '../runner.js';
import type { Flow, FlowListener } from '../step.js';
import { auditPhases } from './audit.js';
import { createCredentialStep, leftoversStep, revokeStep } from './credential-steps.js';
import { closeHosts, type PrepareOptions, prepareRotation } from './prepare.js';
import { type RotationPreview, rotationPreview } from './preview.js';
import { rollbackFlow } from './rollback.js';
import { finishOverlapStep, overlapStep, pushStep } from './switch-steps.js';
import type { RotateCtx, RotateDeps, RotationOutcome } from './types.js';

/** Make before break, in phases; any failure before `rotate.revoke` is rolled back. */
export const rotateFlow: Flow<RotateCtx> = {
  id: 'rotate',
  title: 'Rotate the clinic authtoken',
  steps: [leftoversStep, createCredentialStep, overlapStep, pushStep, finishOverlapStep, revokeStep],
};

export interface RotateClinicOptions extends PrepareOptions {
  listener: FlowListener;
  /** Shown the plan and what it applies to; resolves false to change nothing (the outcome is then `skipped`). */
  confirm?: (plans: StepPlan[], preview: RotationPreview) => Promise<boolean>;
  /** Lets a test wrap the phases (to inject a failure after one); production uses the flows as they are. */
  flows?: { forward: Flow<RotateCtx>; rollback: Flow<RotateCtx> };
}

/** Rotates one clinic's authtoken end to end and reports the outcome; never leaves two live tokens behind. */
export async function rotateClinic(deps: RotateDeps, options: RotateClinicOptions): Promise<RotationOutcome> {
  const listener = auditPhases(options.clinic, deps.audit, redactingListener(options.listener));
  const ctx = await prepareRotation(deps, options);
  const flows = options.flows ?? { forward: rotateFlow, rollback: rollbackFlow };
  try {
    const confirm = options.confirm;
    const forward = await runFlow(flows.forward, ctx, {
      listener,
      signal: options.signal,
      mode: 'apply',
      ...(confirm ? { confirm: (plans: StepPlan[]) => confirm(plans, rotationPreview(ctx)) } : {}),
    });
    const outcome = (result: RotationOutcome['result'], error?: RotationOutcome['error']) =>
      rotationOutcome(ctx, forward, result, error);
    if (forward.declined) return outcome('skipped');
    if (forward.ok) return outcome('rotated');
    const failure: { step: string; message: string; hint?: string } = forward.failure ?? {
      step: 'rotate',
      message: 'Interrupted.',
    };
    const error = { message: failure.message, ...(failure.hint ? { hint: failure.hint } : {}) };
    if (failure.step === revokeStep.id || ctx.revoked) {
      // The clinic already runs the new token (and the old one may be deleted); undoing now would cut it off.
      return outcome('failed', revokeFailure(ctx, failure));
    }
    // The rollback must run even after Ctrl+C aborted the forward flow, so it gets its own signal.
    const back = await runFlow(flows.rollback, ctx, {
      listener,
      signal: new AbortController().signal,
      mode: 'apply',
    });
    if (back.ok) return outcome('rolled_back', error);
    return outcome('failed', {
      message: `${failure.message}; the rollback failed too: ${back.failure?.message ?? 'interrupted'}`,
      hint: `Both credentials were kept so the clinic is not cut off. Run \`clinic-tui doctor\` and rotate ${ctx.clinic} again.`,
    });
  } finally {
    await closeHosts(ctx.hosts);
  }
}

/**
 * Why the revoke phase failed, worded by whether the old credential is already deleted: once it is, only
 * confirming that its sessions stopped can have failed, and the hint must not ask to delete it again.
 */
function revokeFailure(ctx: RotateCtx, failure: { message: string; hint?: string }) {
  const old = ctx.oldCredential.id;
  if (ctx.revoked) {
    return {
      message: `The clinic runs the new authtoken and the old one (${old}) is deleted; could not confirm its sessions stopped: ${failure.message}`,
      // Not the failure's own hint: "retry" would mean rotating again, when only a check is left to do.
      hint: `Credential ${old} no longer works; look in the ngrok dashboard (Agents) for sessions still using it and stop them.`,
    };
  }
  return {
    message: `The clinic runs the new authtoken, but the old one could not be removed: ${failure.message}`,
    hint: `Delete credential ${old} (ngrok dashboard or rerun rotate) so it stops working.`,
  };
}

/**
 * The outcome as `--json` prints it. The new credential is the one the forward flow handed on when it rotated,
 * and the one the rollback left behind (its record) when the rotation failed.
 */
function rotationOutcome(
  ctx: RotateCtx,
  forward: FlowRunResult,
  result: RotationOutcome['result'],
  error?: RotationOutcome['error'],
): RotationOutcome {
  const newCredential =
    result === 'rotated'
      ? forward.outputs.get(createCredentialStep)?.id
      : result === 'failed'
        ? ctx.undo.newCredentialId
        : undefined;
  return {
    clinic: ctx.clinic,
    result,
    old_credential: ctx.oldCredential.id,
    new_credential: newCredential ?? null,
    gap_ms: forward.outputs.get(pushStep)?.gapMs ?? null,
    ...(error ? { error } : {}),
  };
}
