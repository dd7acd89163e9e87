import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlow, type StepPlan } from '../../flows/runner.js';
import type { Change, Flow, FlowEvent, Step } from '../../flows/step.js';
import { UserError } from '../../source/errors.js';
import { fileCheckpointStore } from '../../source/store/checkpoints.js';

/** A toy world: a set of resource names the steps create; plans read it, applies write it. */
function toyFlow(
  world: Set<string>,
  log: string[],
  options: { failOn?: string; needs?: Record<string, string[]> } = {},
) {
  const step = (id: string): Step<Set<string>> => ({
    id,
    title: `Make ${id}`,
    ...(options.needs?.[id] ? { needs: options.needs[id] } : {}),
    async plan(ctx): Promise<Change[]> {
      return [{ kind: ctx.has(id) ? 'reuse' : 'create', subject: id }];
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
  const flow: Flow<Set<string>> = { id: 'toy', title: 'Toy flow', steps: ['a', 'b', 'c'].map(step) };
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
