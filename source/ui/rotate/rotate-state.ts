import type { RotationPreview } from '../../../flows/rotate/preview.js';
import type { RotationOutcome } from '../../../flows/rotate/types.js';
import type { StepPlan } from '../../../flows/runner.js';
import type { FlowEvent } from '../../../flows/step.js';
import { applyFlowEvent, type FlowViewState, initialFlowState } from '../flow-state.js';

/**
 * What the rotation screen shows, as plain data: the phases (forward, then the rollback's when one runs, appended
 * so finished lines already printed stay put), the plan awaiting confirmation, and the outcome.
 */
export interface RotateViewState {
  clinic: string;
  flow: FlowViewState;
  /** Set while the screen waits for the clinic id to be typed. */
  confirm?: { plans: StepPlan[]; preview: RotationPreview; decide(goAhead: boolean): void };
  outcome?: RotationOutcome;
  interrupted?: string;
}

/** The state before anything happened. */
export function initialRotateState(clinic: string, sandbox = false): RotateViewState {
  return { clinic, flow: initialFlowState({ title: `Rotate the authtoken of ${clinic}`, clinic, sandbox }) };
}

/** Applies one runner event; a second flow (the rollback) adds its phases below the first one's. */
export function applyRotateEvent(state: RotateViewState, event: FlowEvent): RotateViewState {
  if (event.type === 'flow:start' && state.flow.steps.length > 0) {
    const known = new Set(state.flow.steps.map((step) => step.id));
    const added = event.steps
      .filter((step) => !known.has(step.id))
      .map((s) => ({ ...s, state: 'pending' as const }));
    return { ...state, flow: { ...state.flow, steps: [...state.flow.steps, ...added] } };
  }
  return { ...state, flow: applyFlowEvent(state.flow, event) };
}

/** The outcome in one line, for people. */
export function describeOutcome(outcome: RotationOutcome): string {
  const gap = outcome.gap_ms === null ? '' : `, longest gap ${outcome.gap_ms} ms`;
  switch (outcome.result) {
    case 'rotated':
      return `Rotated ${outcome.clinic}: ${outcome.old_credential} → ${outcome.new_credential}${gap}. The old authtoken no longer works.`;
    case 'rolled_back':
      return `Rolled back ${outcome.clinic}: it stays on its old, working authtoken ${outcome.old_credential}.`;
    case 'skipped':
      return `Nothing changed for ${outcome.clinic}.`;
    default:
      return `Rotation of ${outcome.clinic} needs attention.`;
  }
}
