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

export interface Step<Ctx> {
  /** Stable id used in checkpoints: 'cloud.service-user'. */
  id: string;
  /** For people: 'Create the clinic service user'. */
  title: string;
  /** Read-only: what would change. */
  plan(ctx: Ctx, io: StepIO): Promise<Change[]>;
  /** Idempotent: safe to rerun after any crash. */
  apply(ctx: Ctx, io: StepIO): Promise<void>;
  verify?(ctx: Ctx, io: StepIO): Promise<void>;
  /**
   * Ids of earlier steps whose apply must finish first. Omitted = every earlier step (strictly sequential);
   * listing fewer lets independent steps run at the same time, which keeps round trips off the critical path.
   */
  needs?: string[];
  /** Apply even when the plan has no changes (verification steps, which prove rather than change). */
  always?: boolean;
}

export interface Flow<Ctx> {
  id: string;
  title: string;
  steps: Step<Ctx>[];
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
