import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../flows/onboard/context.js';
import type { TargetedFault } from '../../source/sandbox/emulator/faults.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

interface Failing {
  name: string;
  /** Breaks the world before the run (or, with faultFrom, when that step starts). */
  fault?: TargetedFault;
  faultFrom?: string;
  /** Makes the state directory unable to hold checkpoints once the first change is reported. */
  brokenCheckpoints?: boolean;
  /** What the summary's error says, when the fault alone does not tell. */
  error?: RegExp;
  /** Slows every other API answer from this step on, so the fault's answer overtakes those sent with it. */
  slowFrom?: string;
  stage?: Stage;
  /** Presses Ctrl+C once the n-th change is reported. */
  interruptAfterChanges?: number;
}

const failing: Failing[] = [
  { name: 'the service user create refused', fault: fault('POST', '/service_users', 400) },
  {
    name: 'one of three concurrent endpoint creates refused',
    fault: fault('POST', '/endpoints', 400),
    slowFrom: 'cloud.endpoints',
    // Without the host steps the flow has nothing else to wait for once this step fails.
    stage: 'cloud',
  },
  { name: 'the authtoken create refused', fault: fault('POST', '/credentials', 400) },
  { name: 'verify cannot read the endpoints', fault: fault('GET', '/endpoints', 403), faultFrom: 'verify' },
  { name: 'checkpoints cannot be saved', brokenCheckpoints: true, error: /ENOTDIR|EEXIST/ },
  { name: 'interrupted after the first change', interruptAfterChanges: 1 },
  { name: 'interrupted after the fifth change', interruptAfterChanges: 5 },
];

function fault(method: string, path: string, status: number): TargetedFault {
  return { method, path, status, times: 1 };
}

/** The ids the change events name, per kind, each once, in order. */
function idsOf(events: { type: string; change?: { kind: string; id?: string } }[], kind: string) {
  const ids = events.flatMap((event) =>
    event.type === 'change' && event.change?.kind === kind && event.change.id ? [event.change.id] : [],
  );
  return [...new Set(ids)];
}

async function failingRun(world: OnboardWorld, run: Failing) {
  if (run.fault && !run.faultFrom) world.emulator.faults.targeted.push(run.fault);
  const controller = new AbortController();
  let changes = 0;
  const onLine = (line: string) => {
    const event = JSON.parse(line);
    if (event.type === 'step:start' && event.step === run.slowFrom) world.emulator.faults.latencyMs = 200;
    if (event.type === 'step:start' && event.step === run.faultFrom && run.fault)
      world.emulator.faults.targeted.push(run.fault);
    if (event.type !== 'change') return;
    changes++;
    if (changes === run.interruptAfterChanges) controller.abort();
    if (changes === 1 && run.brokenCheckpoints) {
      const checkpoints = join(world.stateDir, 'checkpoints');
      rmSync(checkpoints, { recursive: true, force: true });
      mkdirSync(world.stateDir, { recursive: true });
      writeFileSync(checkpoints, 'not a directory');
    }
  };
  return onboardInProcess(world, {
    signal: controller.signal,
    onLine,
    ...(run.stage ? { stage: run.stage } : {}),
  });
}

describe.concurrent('the --json contract when onboarding fails', { timeout: 120_000 }, () => {
  it.each(failing)('$name: the summary is the last line and lists every change event', async (run) => {
    const world = await startWorld();
    try {
      const { lines, summary } = await failingRun(world, run);
      // Anything a step started has finished: no line may follow the summary, even a moment later.
      const count = lines.length;
      await sleep(600);
      expect(lines).toHaveLength(count);
      const last = JSON.parse(lines.at(-1)!);
      const events = lines.slice(0, -1).map((line) => JSON.parse(line));
      expect(last.type, lines.join('\n')).toBeUndefined();
      expect(events.every((event) => typeof event.type === 'string')).toBe(true);
      expect(last).toEqual(JSON.parse(JSON.stringify(summary)));
      expect(last.result).toBe('failed');
      if (run.interruptAfterChanges) expect(last.nextSteps[0]).toMatch(/^Interrupted/);
      else expect(last.error.message).toMatch(run.error ?? /./);
      expect({ created: last.created, updated: last.updated, deleted: last.deleted }).toEqual({
        created: idsOf(events, 'create'),
        updated: idsOf(events, 'update'),
        deleted: idsOf(events, 'delete'),
      });
      if (run.fault) expect(run.fault.times).toBe(0);
      if (run.fault?.path !== '/service_users') expect(last.created.length).toBeGreaterThan(0);
    } finally {
      await world.close();
    }
  });
});
