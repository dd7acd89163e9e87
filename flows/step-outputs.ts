import type { AnyStep, ApplyIO, OutputOf, PlanIO, Planned, StepIO } from './step.js';

/** What a run's steps handed on, read by the step object so the value keeps its type. */
export interface FlowOutputs {
  /** The step's applied output, else its planned one; undefined when it handed nothing on or did not run. */
  get<S extends AnyStep>(step: S): OutputOf<S> | undefined;
}

/**
 * Each step's output within one run, and the views through which a step's plan and apply read the outputs of
 * the steps it needs. Steps are matched by id, so a wrapped step (a test injecting a failure) stands for itself.
 */
export class StepOutputs<Ctx> implements FlowOutputs {
  private readonly inFlow: Map<string, number>;
  private readonly plans = new Map<string, Promise<Planned<unknown>>>();
  private readonly outputs = new Map<string, unknown>();

  constructor(steps: readonly AnyStep<Ctx>[]) {
    this.inFlow = new Map(steps.map((step, index) => [step.id, index]));
    for (const [index, step] of steps.entries()) {
      for (const need of step.needs ?? []) {
        const at = this.inFlow.get(need.id);
        if (at !== undefined && at >= index)
          throw new Error(`step "${step.id}" needs "${need.id}", which does not come before it`);
      }
    }
  }

  get<S extends AnyStep>(step: S): OutputOf<S> | undefined {
    return this.outputs.get(step.id) as OutputOf<S> | undefined;
  }

  /** Starts a step's plan; plans that need it wait for it through `planned`. */
  plan(step: AnyStep<Ctx>, ctx: Ctx, io: StepIO): Promise<Planned<unknown>> {
    const planned = step.plan(ctx, this.planIO(step, io)).then((plan: Planned<unknown>) => {
      if (plan.output !== undefined) this.outputs.set(step.id, plan.output);
      return plan;
    });
    this.plans.set(step.id, planned);
    return planned;
  }

  /** Records what a step's apply handed on, replacing its planned output. */
  applied(step: AnyStep<Ctx>, output: unknown): void {
    this.outputs.set(step.id, output);
  }

  /** The io a step's apply (and verify) gets: the outputs of the steps it needs. */
  applyIO(step: AnyStep<Ctx>, io: StepIO): ApplyIO<readonly AnyStep[]> {
    const output = <S extends AnyStep>(need: S): OutputOf<S> => {
      this.checkDeclared(step, need);
      if (!this.inFlow.has(need.id))
        throw new Error(`step "${step.id}" needs "${need.id}", which this flow does not include`);
      if (!this.outputs.has(need.id)) throw new Error(`step "${need.id}" handed nothing on to "${step.id}"`);
      return this.outputs.get(need.id) as OutputOf<S>;
    };
    return {
      ...io,
      output,
      optionalOutput: (need) => (this.inFlow.has(need.id) ? output(need) : undefined),
    };
  }

  private planIO(step: AnyStep<Ctx>, io: StepIO): PlanIO<readonly AnyStep[]> {
    return {
      ...io,
      planned: async <S extends AnyStep>(need: S) => {
        this.checkDeclared(step, need);
        const plan = await this.plans.get(need.id);
        return plan?.output as OutputOf<S> | undefined;
      },
    };
  }

  /** Asking for a step not listed in `needs` is a bug: its output might not exist yet. */
  private checkDeclared(step: AnyStep<Ctx>, need: AnyStep): void {
    if (!(step.needs ?? []).some((declared: AnyStep) => declared.id === need.id))
      throw new Error(`step "${step.id}" asked for the output of "${need.id}" without listing it in needs`);
  }
}
