import type { FlowSummary, PlanReview } from '../../flows/presenter.js';
import type { WizardQuestion } from '../../flows/questions/engine.js';
import type { FlowEvent } from '../../flows/step.js';
import { rateLimitText } from './rate-limit-text.js';

/**
 * What the Ink flow screen shows, as plain data: a pure reducer over FlowEvents plus the prompt the flow is
 * waiting on. Kept apart from React so it can be tested without rendering.
 */
export type StepState = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface StepView {
  id: string;
  title: string;
  state: StepState;
  status?: string;
  progress?: { done: number; total?: number };
  message?: string;
  hint?: string;
}

export type Prompt =
  | {
      kind: 'question';
      /** Increases with every question asked, so a form re-asked after Esc starts fresh. */
      seq: number;
      question: WizardQuestion;
      answer(value: string | number | boolean): void;
      back(): void;
    }
  | {
      kind: 'review';
      review: PlanReview;
      decide(goAhead: boolean): void;
      /** Back to the last question, when the plan came from the wizard on this screen. */
      back?(): void;
    };

export interface FlowViewState {
  header: { title: string; clinic?: string; stage?: string; sandbox: boolean };
  steps: StepView[];
  /** Step ids in the order they finished; they are printed once, above the live area (Ink <Static>). */
  finished: string[];
  prompt?: Prompt;
  summary?: FlowSummary;
  /** Set after Ctrl+C: what happened and how to resume. */
  interrupted?: string;
  /** A wait everything is held up by (ngrok's rate limit), until the next event shows progress again. */
  waiting?: string;
  showHelp: boolean;
}

/** True once a step has started applying: from then on, Ctrl+C leaves finished work behind. */
export function applyStarted(state: FlowViewState): boolean {
  return state.steps.some((step) => step.state !== 'pending');
}

/** The state before any event. */
export function initialFlowState(header: FlowViewState['header']): FlowViewState {
  return { header, steps: [], finished: [], showHelp: false };
}

function updateStep(state: FlowViewState, id: string, change: Partial<StepView>): FlowViewState {
  const known = state.steps.some((step) => step.id === id);
  const steps = known
    ? state.steps.map((step) => (step.id === id ? { ...step, ...change } : step))
    : [...state.steps, { id, title: id, state: 'pending' as const, ...change }];
  return { ...state, steps };
}

function finish(state: FlowViewState, id: string, change: Partial<StepView>): FlowViewState {
  const next = updateStep(state, id, { ...change, status: undefined, progress: undefined });
  return next.finished.includes(id) ? next : { ...next, finished: [...next.finished, id] };
}

/** Applies one runner event to the screen state. */
export function applyFlowEvent(state: FlowViewState, event: FlowEvent): FlowViewState {
  if (event.type === 'rate-limit') return { ...state, waiting: rateLimitText(event.seconds) };
  return applyProgress(state.waiting ? { ...state, waiting: undefined } : state, event);
}

function applyProgress(state: FlowViewState, event: FlowEvent): FlowViewState {
  switch (event.type) {
    case 'flow:start':
      return {
        ...state,
        header: { ...state.header, title: event.title },
        steps: event.steps.map((step) => ({ ...step, state: 'pending' })),
        finished: [],
      };
    case 'step:start':
      return updateStep(state, event.step, { title: event.title, state: 'running' });
    case 'status':
      return updateStep(state, event.step, { status: event.text });
    case 'progress':
      return updateStep(state, event.step, { progress: { done: event.done, total: event.total } });
    case 'step:done':
      return finish(state, event.step, { state: event.skipped ? 'skipped' : 'done' });
    case 'step:fail':
      return finish(state, event.step, { state: 'failed', message: event.message, hint: event.hint });
    default:
      // plan, change, log and flow:done feed the review and the summary, which arrive through the presenter.
      return state;
  }
}
