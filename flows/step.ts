/**
 * The Step and Flow types shared by every flow (onboard, rotate, offboard) and every renderer. Flows are UI-free:
 * a step is plain data plus functions, the runner emits events, and renderers (Ink, plain lines, JSON lines)
 * subscribe. Questions are data too, so the Ink wizard, plain prompts and the answers file share one definition.
 */

/** What a step would do to one resource. */
export type ChangeKind = 'create' | 'reuse' | 'update' | 'delete' | 'none';

export interface Change {
  kind: ChangeKind;
  /** What is changed, for people: 'service user clinic-tui/clinic1', 'cloud endpoint https://api-…'. */
  subject: string;
  /** The resource id when it exists already (reuse/update/delete). */
  id?: string;
  /** Optional detail, e.g. a policy diff; never a secret. */
  detail?: string;
}

/** What a step may do besides its work: report status and progress, and stop when asked. */
export interface StepIO {
  signal: AbortSignal;
  status(text: string): void;
  progress(done: number, total?: number): void;
  /** Records a change that happened (for the summary, the audit log and --json). */
  change(change: Change): void;
  /** Free-form lines for the log (never secrets). */
  log(line: string): void;
}

/** Any step over Ctx, whatever it hands on and needs (a flow holds steps of many output types). */
// biome-ignore lint/suspicious/noExplicitAny: the widest step type, which every concrete step is assignable to
export type AnyStep<Ctx = any> = Step<Ctx, any, string, readonly any[]>;

/** What a step hands on to the steps that need it. */
// biome-ignore lint/suspicious/noExplicitAny: matches a step of any context, id and needs
export type OutputOf<S> = S extends Step<any, infer Out, any, any> ? Out : never;

/** A plan: what would change, and what the step hands on when nothing needs applying. */
export interface Planned<Out> {
  changes: Change[];
  /** Handed on when the step is skipped (and to the plans that need it); omitted when only apply can tell. */
  output?: Out;
}

/** What a plan may ask for besides StepIO: the planned output of a step it lists in `needs`. */
export interface PlanIO<Needs extends readonly AnyStep[]> extends StepIO {
  /** Waits for that step's plan; undefined when it hands nothing on before applying, or the flow leaves it out. */
  planned<S extends Needs[number]>(step: S): Promise<OutputOf<S> | undefined>;
}

/** What an apply may ask for besides StepIO: the outputs of the steps it lists in `needs`, once they are done. */
export interface ApplyIO<Needs extends readonly AnyStep[]> extends StepIO {
  /** That step's output (applied, else planned); throws when it handed nothing on or the flow leaves it out. */
  output<S extends Needs[number]>(step: S): OutputOf<S>;
  /** The same for a step a stage may leave out: undefined when this flow does not include it. */
  optionalOutput<S extends Needs[number]>(step: S): OutputOf<S> | undefined;
}

/**
 * A step: `Out` is what it hands on, `Id` its id as a literal (so two steps never pass for each other), `Needs`
 * the steps it runs after and may read the outputs of. Define steps with `stepsOver<Ctx>()` so these are inferred.
 */
export interface Step<
  Ctx,
  Out = void,
  Id extends string = string,
  Needs extends readonly AnyStep[] = readonly [],
> {
  /** Stable id used in checkpoints: 'cloud.service-user'. */
  id: Id;
  /** For people: 'Create the clinic service user'. */
  title: string;
  /** Read-only: what would change, and what the step hands on if nothing does. */
  plan(ctx: Ctx, io: PlanIO<Needs>): Promise<Planned<Out>>;
  /**
   * Idempotent: safe to rerun after any crash. Returns what the step hands on. `planned` is what its own plan
   * handed on, so apply need not read again what the plan read.
   */
  apply(ctx: Ctx, io: ApplyIO<Needs>, planned: Out | undefined): Promise<Out>;
  verify?(ctx: Ctx, io: ApplyIO<Needs>): Promise<void>;
  /**
   * Earlier steps whose apply must finish first, and whose outputs this step may read. Omitted = every earlier
   * step (strictly sequential, reading none); listing fewer lets independent steps run at the same time, which
   * keeps round trips off the critical path. A step the flow does not include (a stage leaves it out) is ignored.
   */
  needs?: Needs;
  /** Apply even when the plan has no changes (verification steps, which prove rather than change). */
  always?: boolean;
}

/** Defines steps over one context type, keeping each step's id, output and needs in its type. */
export function stepsOver<Ctx>() {
  return <
    Out = void,
    const Id extends string = string,
    const Needs extends readonly AnyStep<Ctx>[] = readonly [],
  >(
    step: Step<Ctx, Out, Id, Needs>,
  ): Step<Ctx, Out, Id, Needs> => step;
}

export interface Flow<Ctx> {
  id: string;
  title: string;
  steps: readonly AnyStep<Ctx>[];
}

/** Events the runner emits; renderers subscribe to these and nothing else. */
export type FlowEvent =
  | { type: 'flow:start'; flow: string; title: string; steps: { id: string; title: string }[] }
  | { type: 'plan'; step: string; changes: Change[] }
  | { type: 'step:start'; step: string; title: string }
  | { type: 'status'; step: string; text: string }
  | { type: 'progress'; step: string; done: number; total?: number }
  | { type: 'change'; step: string; change: Change }
  | { type: 'log'; step: string; line: string }
  | { type: 'step:done'; step: string; skipped?: boolean }
  | { type: 'step:fail'; step: string; message: string; hint?: string }
  | { type: 'flow:done'; flow: string; ok: boolean }
  /** ngrok answered 429: every request waits this long for the account's rolling minute to free up. */
  | { type: 'rate-limit'; seconds: number };

export type FlowListener = (event: FlowEvent) => void;

/** A question, as data: asked by the Ink wizard, by plain prompts, or answered by the answers file. */
export type Question =
  | {
      kind: 'text';
      id: string;
      message: string;
      default?: string;
      validate?: (value: string) => string | undefined;
    }
  | { kind: 'number'; id: string; message: string; default?: number; min?: number; max?: number }
  | { kind: 'confirm'; id: string; message: string; default?: boolean }
  | { kind: 'secret'; id: string; message: string }
  | {
      kind: 'select';
      id: string;
      message: string;
      choices: { value: string; label: string; hint?: string }[];
      default?: string;
    };

/** How flows ask the person in front of the screen; renderers implement it, headless mode refuses or answers. */
export interface Asker {
  ask(question: Question): Promise<string | number | boolean>;
}
