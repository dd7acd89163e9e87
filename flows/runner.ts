import type { CheckpointStore } from '../source/store/checkpoints.js';
import { crashHookAfter } from './crash-hook.js';
import { errorHint, errorMessage } from './error-text.js';
import { redact, redactingListener } from './redact.js';
import type { AnyStep, Change, Flow, FlowListener, StepIO } from './step.js';
import { type FlowOutputs, StepOutputs } from './step-outputs.js';

/**
 * The flow runner. It plans every step first (read-only, in parallel, so a review screen can show the whole plan
 * and the read round trips overlap), then applies the steps in dependency order, saving a checkpoint after each.
 * Steps hand data on only through outputs: a plan may await the planned output of a step it needs, an apply gets
 * the outputs of the steps it needs once they are done (the applied output, else the planned one of a skipped step).
 *
 * Resume policy: plans always look at live state (the ngrok account and the host), and every apply is
 * idempotent, so a rerun never trusts the checkpoint to skip work. A step is skipped only when its fresh plan
 * says nothing changes (all reuse/none) and it is not marked `always`; a checkpointed step whose resources have
 * since vanished is applied again. The checkpoint says which steps finished in an earlier run (shown to the
 * user as "resuming") and is deleted once the flow converges.
 */

/** One step's plan, as the review screen shows it. */
export interface StepPlan {
  id: string;
  title: string;
  changes: Change[];
}

export interface RunFlowOptions {
  listener: FlowListener;
  signal: AbortSignal;
  mode: 'plan' | 'apply';
  /** Where progress is saved; `key` names the clinic and flow, `fingerprint` the spec it was made for. */
  checkpoint?: { store: CheckpointStore; key: string; fingerprint: string };
  /** Called between plan and apply with the plans and planned outputs; resolving false changes nothing. */
  confirm?: (plans: StepPlan[], outputs: FlowOutputs) => Promise<boolean>;
}

export interface FlowRunResult {
  ok: boolean;
  plans: StepPlan[];
  /** Changes that happened, in order (for the summary and the audit log). */
  changes: { step: string; change: Change }[];
  /** What each step handed on (applied, else planned), for the summary and for a flow that follows this one. */
  outputs: FlowOutputs;
  /** Steps an earlier, interrupted run had finished (from the checkpoint). */
  resumed: string[];
  declined?: boolean;
  aborted?: boolean;
  failure?: { step: string; message: string; hint?: string; error: unknown };
}

/** True when a plan asks for nothing to change. */
export function planIsEmpty(changes: Change[]): boolean {
  return changes.every((change) => change.kind === 'none' || change.kind === 'reuse');
}

/** Runs a flow: plan all steps, then (in apply mode, once confirmed) apply them with a checkpoint after each. */
export async function runFlow<Ctx>(
  flow: Flow<Ctx>,
  ctx: Ctx,
  options: RunFlowOptions,
): Promise<FlowRunResult> {
  const { signal } = options;
  const listener = redactingListener(options.listener);
  const outputs = new StepOutputs<Ctx>(flow.steps);
  const result: FlowRunResult = { ok: false, plans: [], changes: [], outputs, resumed: [] };
  listener({
    type: 'flow:start',
    flow: flow.id,
    title: flow.title,
    steps: flow.steps.map(({ id, title }) => ({ id, title })),
  });
  const finish = (ok: boolean): FlowRunResult => {
    result.ok = ok;
    listener({ type: 'flow:done', flow: flow.id, ok });
    return result;
  };
  const saved = options.checkpoint ? await options.checkpoint.store.load(options.checkpoint.key) : undefined;
  if (saved && saved.fingerprint === options.checkpoint?.fingerprint) result.resumed = saved.done;

  const planned = await Promise.allSettled(
    flow.steps.map((step) => outputs.plan(step, ctx, stepIO(step.id, listener, signal, result))),
  );
  for (const [index, step] of flow.steps.entries()) {
    const outcome = planned[index]!;
    if (outcome.status === 'rejected') return finish(fail(result, listener, step.id, outcome.reason, signal));
    const { changes } = outcome.value;
    result.plans.push({ id: step.id, title: step.title, changes });
    listener({ type: 'plan', step: step.id, changes });
  }
  if (options.mode === 'plan') return finish(true);
  if (options.confirm && !(await options.confirm(result.plans, outputs))) {
    result.declined = true;
    return finish(false);
  }

  const done = new Set(result.resumed);
  const crashAfter = crashHookAfter();
  let finished = 0;
  let saving = Promise.resolve();
  const saveProgress = (id: string): Promise<void> => {
    done.add(id);
    finished += 1;
    const count = finished;
    const save = saving.then(async () => {
      if (options.checkpoint) {
        const { store, key, fingerprint } = options.checkpoint;
        await store.save(key, {
          flow: flow.id,
          fingerprint,
          done: [...done],
          updatedAt: new Date().toISOString(),
        });
      }
      crashAfter(count);
    });
    // One failed save fails its step, not every save after it.
    saving = save.catch(() => undefined);
    return save;
  };

  const runs = new Map<string, Promise<boolean>>();
  for (const [index, step] of flow.steps.entries()) {
    const needs: readonly AnyStep[] = step.needs ?? flow.steps.slice(0, index);
    const waitFor = needs.map((need) => runs.get(need.id) ?? Promise.resolve(true));
    runs.set(
      step.id,
      Promise.all(waitFor).then(async (ready) => {
        if (!ready.every(Boolean) || result.failure || signal.aborted) return false;
        if (!(await applyStep(step, ctx, { result, outputs, listener, signal }))) return false;
        // A checkpoint that cannot be saved (a full disk) stops the flow like a failed step, after its siblings.
        return saveProgress(step.id).then(
          () => true,
          (error: unknown) => fail(result, listener, step.id, error, signal),
        );
      }),
    );
  }
  await Promise.all(runs.values());
  await saving;
  if (signal.aborted && !result.failure) result.aborted = true;
  const ok = !result.failure && !result.aborted;
  if (ok && options.checkpoint) await options.checkpoint.store.clear(options.checkpoint.key);
  return finish(ok);
}

interface ApplyRun {
  result: FlowRunResult;
  // biome-ignore lint/suspicious/noExplicitAny: one run's outputs, whatever its context
  outputs: StepOutputs<any>;
  listener: FlowListener;
  signal: AbortSignal;
}

async function applyStep<Ctx>(step: AnyStep<Ctx>, ctx: Ctx, run: ApplyRun): Promise<boolean> {
  const { result, outputs, listener, signal } = run;
  const plan = result.plans.find((entry) => entry.id === step.id)!;
  listener({ type: 'step:start', step: step.id, title: step.title });
  if (planIsEmpty(plan.changes) && !step.always) {
    listener({ type: 'step:done', step: step.id, skipped: true });
    return true;
  }
  const planned = outputs.get(step);
  const io = outputs.applyIO(step, stepIO(step.id, listener, signal, result));
  try {
    outputs.applied(step, await step.apply(ctx, io, planned));
    if (step.verify) await step.verify(ctx, io);
    listener({ type: 'step:done', step: step.id });
    return true;
  } catch (error) {
    fail(result, listener, step.id, error, signal);
    return false;
  }
}

function fail(
  result: FlowRunResult,
  listener: FlowListener,
  step: string,
  error: unknown,
  signal: AbortSignal,
): false {
  if (signal.aborted) {
    result.aborted = true;
    listener({
      type: 'step:fail',
      step,
      message: 'Interrupted.',
      hint: 'Run the same command again to resume.',
    });
    return false;
  }
  const message = redact(errorMessage(error));
  const hint = errorHint(error);
  result.failure ??= { step, message, error, ...(hint ? { hint } : {}) };
  listener({ type: 'step:fail', step, message, ...(hint ? { hint } : {}) });
  return false;
}

function stepIO(step: string, listener: FlowListener, signal: AbortSignal, result: FlowRunResult): StepIO {
  return {
    signal,
    status: (text) => listener({ type: 'status', step, text }),
    progress: (done, total) =>
      listener({ type: 'progress', step, done, ...(total === undefined ? {} : { total }) }),
    change: (change) => {
      result.changes.push({ step, change });
      listener({ type: 'change', step, change });
    },
    log: (line) => listener({ type: 'log', step, line }),
  };
}
