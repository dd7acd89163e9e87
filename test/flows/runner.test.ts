import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentIngressStep } from '../../flows/onboard/agent-ingress.js';
import { onboardFlow } from '../../flows/onboard/flow.js';
import { runFlow, type StepPlan } from '../../flows/runner.js';
import { type AnyStep, type Flow, type FlowEvent, stepsOver } from '../../flows/step.js';
import { UserError } from '../../source/errors.js';
import { fileCheckpointStore } from '../../source/store/checkpoints.js';

const toyStep = stepsOver<Set<string>>();

/** A toy world: a set of resource names the steps create; plans read it, applies write it. */
function toyFlow(
  world: Set<string>,
  log: string[],
  options: { failOn?: string; needs?: Record<string, string[]> } = {},
) {
  const made: AnyStep<Set<string>>[] = [];
  const step = (id: string) => {
    const needs = options.needs?.[id]?.map((need) => made.find((earlier) => earlier.id === need)!);
    return toyStep({
      id,
      title: `Make ${id}`,
      ...(needs ? { needs } : {}),
      async plan(ctx) {
        return { changes: [{ kind: ctx.has(id) ? 'reuse' : 'create', subject: id }] };
      },
      async apply(ctx, io) {
        log.push(`start ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (options.failOn === id) throw new UserError(`${id} is broken`, `fix ${id}`);
        ctx.add(id);
        io.change({ kind: 'create', subject: id, id: `id-${id}` });
        log.push(`end ${id}`);
      },
    });
  };
  for (const id of ['a', 'b', 'c']) made.push(step(id));
  const flow: Flow<Set<string>> = { id: 'toy', title: 'Toy flow', steps: made };
  return { flow, ctx: world };
}

function collect(): { events: FlowEvent[]; listener: (event: FlowEvent) => void } {
  const events: FlowEvent[] = [];
  return { events, listener: (event) => events.push(event) };
}

const signal = new AbortController().signal;

describe('runFlow', () => {
  it('plans every step before applying any, then applies in order and records the changes', async () => {
    const world = new Set<string>();
    const log: string[] = [];
    const { flow, ctx } = toyFlow(world, log);
    const { events, listener } = collect();
    const seen: StepPlan[][] = [];
    const result = await runFlow(flow, ctx, {
      listener,
      signal,
      mode: 'apply',
      confirm: async (plans) => {
        seen.push(plans);
        expect(log).toEqual([]);
        return true;
      },
    });
    expect(result.ok).toBe(true);
    expect(seen[0]!.map((plan) => plan.changes[0]!.kind)).toEqual(['create', 'create', 'create']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(result.changes.map((entry) => entry.change.id)).toEqual(['id-a', 'id-b', 'id-c']);
    const types = events.map((event) => event.type);
    expect(types.indexOf('plan')).toBeLessThan(types.indexOf('step:start'));
    expect(types.at(-1)).toBe('flow:done');
  });

  it('skips steps whose fresh plan has nothing to change, and changes nothing in plan mode', async () => {
    const world = new Set(['a', 'b', 'c']);
    const log: string[] = [];
    const { flow, ctx } = toyFlow(world, log);
    const { events, listener } = collect();
    expect((await runFlow(flow, ctx, { listener, signal, mode: 'apply' })).ok).toBe(true);
    expect(log).toEqual([]);
    expect(events.filter((event) => event.type === 'step:done' && event.skipped)).toHaveLength(3);

    world.clear();
    const planOnly = await runFlow(flow, ctx, { listener: () => {}, signal, mode: 'plan' });
    expect(planOnly.ok).toBe(true);
    expect(world.size).toBe(0);
  });

  it('runs steps with disjoint needs at the same time', async () => {
    const log: string[] = [];
    const { flow, ctx } = toyFlow(new Set(), log, { needs: { a: [], b: [], c: ['a', 'b'] } });
    await runFlow(flow, ctx, { listener: () => {}, signal, mode: 'apply' });
    expect(log.slice(0, 2).sort()).toEqual(['start a', 'start b']);
    expect(log.at(-1)).toBe('end c');
  });

  it('stops at a failing step with its message and hint, keeping the checkpoint of finished steps', async () => {
    const store = fileCheckpointStore(mkdtempSync(join(tmpdir(), 'runner-cp-')));
    const checkpoint = { store, key: 'clinic1.toy', fingerprint: 'f1' };
    const log: string[] = [];
    const { flow, ctx } = toyFlow(new Set(), log, { failOn: 'b' });
    const { events, listener } = collect();
    const result = await runFlow(flow, ctx, { listener, signal, mode: 'apply', checkpoint });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ step: 'b', message: 'b is broken', hint: 'fix b' });
    expect(events).toContainEqual({ type: 'step:fail', step: 'b', message: 'b is broken', hint: 'fix b' });
    expect(log).not.toContain('start c');
    expect((await store.load('clinic1.toy'))?.done).toEqual(['a']);

    const rerun = await runFlow(toyFlow(ctx, log).flow, ctx, {
      listener: () => {},
      signal,
      mode: 'apply',
      checkpoint,
    });
    expect(rerun.ok).toBe(true);
    expect(rerun.resumed).toEqual(['a']);
    expect(await store.load('clinic1.toy')).toBeUndefined();
  });

  it('does not apply anything when the plan is declined', async () => {
    const log: string[] = [];
    const { flow, ctx } = toyFlow(new Set(), log);
    const result = await runFlow(flow, ctx, {
      listener: () => {},
      signal,
      mode: 'apply',
      confirm: async () => false,
    });
    expect(result).toMatchObject({ ok: false, declined: true });
    expect(log).toEqual([]);
  });

  it('stops before the next step once aborted', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const { flow, ctx } = toyFlow(new Set(), log);
    const result = await runFlow(flow, ctx, {
      listener: (event) => {
        if (event.type === 'step:done' && event.step === 'a') controller.abort();
      },
      signal: controller.signal,
      mode: 'apply',
    });
    expect(result).toMatchObject({ ok: false, aborted: true });
    expect(log).toEqual(['start a', 'end a']);
  });
});

/** A world of named resources with ids; a step's output is the id it found or made. */
const worldStep = stepsOver<Map<string, string>>();

function userStep() {
  return worldStep({
    id: 'user',
    title: 'User',
    needs: [],
    async plan(world) {
      const id = world.get('user');
      return {
        changes: [{ kind: id ? 'reuse' : 'create', subject: 'user' }],
        ...(id ? { output: { id } } : {}),
      };
    },
    async apply(world) {
      world.set('user', 'u-new');
      return { id: 'u-new' };
    },
  });
}

/** A step that reads the user step's output in its plan and its apply, and records what it saw. */
function tokenStep(user: ReturnType<typeof userStep>, seen: { plan?: string; apply?: string }) {
  return worldStep({
    id: 'token',
    title: 'Token',
    needs: [user],
    always: true,
    async plan(_world, io) {
      seen.plan = (await io.planned(user))?.id;
      return { changes: [{ kind: 'none', subject: 'token' }] };
    },
    async apply(_world, io) {
      seen.apply = io.output(user).id;
      return `token for ${seen.apply}`;
    },
  });
}

describe('step outputs', () => {
  it("hands a skipped step's planned output to the plan and the apply that need it", async () => {
    const user = userStep();
    const seen: { plan?: string; apply?: string } = {};
    const token = tokenStep(user, seen);
    const flow = { id: 'outputs', title: 'Outputs', steps: [user, token] };
    const result = await runFlow(flow, new Map([['user', 'u-old']]), {
      listener: () => {},
      signal,
      mode: 'apply',
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual({ plan: 'u-old', apply: 'u-old' });
    expect(result.outputs.get(user)).toEqual({ id: 'u-old' });
    expect(result.outputs.get(token)).toBe('token for u-old');
  });

  it("replaces a step's planned output with what its apply returned", async () => {
    const user = userStep();
    const seen: { plan?: string; apply?: string } = {};
    const flow = { id: 'outputs', title: 'Outputs', steps: [user, tokenStep(user, seen)] };
    const planned = await runFlow(flow, new Map(), { listener: () => {}, signal, mode: 'plan' });
    expect(planned.outputs.get(user)).toBeUndefined();
    const result = await runFlow(flow, new Map(), { listener: () => {}, signal, mode: 'apply' });
    expect(seen).toEqual({ plan: undefined, apply: 'u-new' });
    expect(result.outputs.get(user)).toEqual({ id: 'u-new' });
  });

  it('fails a step that asks for the output of a step it does not list in needs', async () => {
    const user = userStep();
    const sneaky = worldStep({
      id: 'sneaky',
      title: 'Sneaky',
      async plan() {
        return { changes: [{ kind: 'create', subject: 'sneaky' }] };
      },
      async apply(_world, io) {
        // @ts-expect-error: `user` is not in this step's needs, so TypeScript refuses the call
        io.output(user);
      },
    });
    const flow = { id: 'outputs', title: 'Outputs', steps: [user, sneaky] };
    const result = await runFlow(flow, new Map([['user', 'u-old']]), {
      listener: () => {},
      signal,
      mode: 'apply',
    });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({
      step: 'sneaky',
      message: expect.stringContaining('"sneaky" asked for the output of "user" without listing it in needs'),
    });
  });

  it('tells a step the flow left out (optionalOutput) from one that must be there (output)', async () => {
    const user = userStep();
    const seen: unknown[] = [];
    const reader = worldStep({
      id: 'reader',
      title: 'Reader',
      needs: [user],
      always: true,
      async plan() {
        return { changes: [] };
      },
      async apply(_world, io) {
        seen.push(io.optionalOutput(user));
        io.output(user);
      },
    });
    const result = await runFlow({ id: 'outputs', title: 'Outputs', steps: [reader] }, new Map(), {
      listener: () => {},
      signal,
      mode: 'apply',
    });
    expect(seen).toEqual([undefined]);
    expect(result.failure?.message).toContain('"reader" needs "user", which this flow does not include');
  });

  it('still applies independent steps at the same time and hands both outputs to the step after them', async () => {
    let startA!: () => void;
    let startB!: () => void;
    const aStarted = new Promise<void>((resolve) => {
      startA = resolve;
    });
    const bStarted = new Promise<void>((resolve) => {
      startB = resolve;
    });
    // Each waits for the other to have started: run one after the other, they would never finish.
    const a = worldStep({
      id: 'a',
      title: 'A',
      needs: [],
      async plan() {
        return { changes: [{ kind: 'create', subject: 'a' }] };
      },
      async apply() {
        startA();
        await bStarted;
        return 1;
      },
    });
    const b = worldStep({
      id: 'b',
      title: 'B',
      needs: [],
      async plan() {
        return { changes: [{ kind: 'create', subject: 'b' }] };
      },
      async apply() {
        startB();
        await aStarted;
        return 2;
      },
    });
    const sum = worldStep({
      id: 'sum',
      title: 'Sum',
      needs: [a, b],
      always: true,
      async plan() {
        return { changes: [] };
      },
      async apply(_world, io) {
        return io.output(a) + io.output(b);
      },
    });
    const result = await runFlow({ id: 'outputs', title: 'Outputs', steps: [a, b, sum] }, new Map(), {
      listener: () => {},
      signal,
      mode: 'apply',
    });
    expect(result.ok).toBe(true);
    expect(result.outputs.get(sum)).toBe(3);
  });

  it('refuses a flow whose step needs a later step', async () => {
    const user = userStep();
    const early = worldStep({
      id: 'early',
      title: 'Early',
      needs: [user],
      async plan() {
        return { changes: [] };
      },
      async apply() {},
    });
    await expect(
      runFlow({ id: 'outputs', title: 'Outputs', steps: [early, user] }, new Map(), {
        listener: () => {},
        signal,
        mode: 'plan',
      }),
    ).rejects.toThrow('"early" needs "user", which does not come before it');
  });
});

describe('the onboarding flow for a clinic', () => {
  it('leaves out a step that cannot apply: no agent connect URL step when the answers name none', () => {
    const ids = (spec: { agent: { pooling: boolean; connect_url?: string } }) =>
      onboardFlow('all', spec).steps.map((step) => step.id);
    expect(ids({ agent: { pooling: false } })).not.toContain(agentIngressStep.id);
    expect(ids({ agent: { pooling: false, connect_url: 'connect.example.com:443' } })).toContain(
      agentIngressStep.id,
    );
    expect(
      onboardFlow('host', { agent: { pooling: false, connect_url: 'c.example.com:443' } }).steps,
    ).not.toContain(agentIngressStep);
  });
});
