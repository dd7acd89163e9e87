import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowEvent } from '../../flows/step.js';
import { type CommandRunOptions, runCommand } from '../../source/commands/command-run.js';
import { NgrokClient } from '../../source/ngrok/client.js';
import { applyFlowEvent, initialFlowState } from '../../source/ui/flow-state.js';
import { formatEvent } from '../../source/ui/plain-lines.js';

let home: string;
let previousHome: string | undefined;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'command-run-'));
  previousHome = process.env.CLINIC_TUI_HOME;
  process.env.CLINIC_TUI_HOME = home;
});
afterEach(() => {
  if (previousHome === undefined) delete process.env.CLINIC_TUI_HOME;
  else process.env.CLINIC_TUI_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

const client = (signal: AbortSignal) =>
  new NgrokClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', signal });

function view(events: FlowEvent[] = []) {
  let closed = 0;
  return {
    events,
    closed: () => closed,
    listener: (event: FlowEvent) => events.push(event),
    close: async () => {
      closed += 1;
    },
  };
}

const remembered = () => readFileSync(join(home, 'hosts.json'), 'utf8');

describe('the command skeleton', () => {
  it("shows ngrok's rate-limit waits on the view, as an event every presenter renders", async () => {
    const shown = view();
    let wait: ((seconds: number) => void) | undefined;
    const options: CommandRunOptions<typeof shown, NgrokClient> = {
      api: (signal, onRateLimitWait) => {
        wait = onRateLimitWait;
        return client(signal);
      },
      open: async () => shown,
    };
    const code = await runCommand(options, async () => {
      wait?.(42);
      return { exitCode: 0, succeeded: true };
    });
    expect(code).toBe(0);
    expect(shown.events).toEqual([{ type: 'rate-limit', seconds: 42 }]);
    expect(formatEvent(shown.events[0]!, new Map())).toEqual([
      'ngrok rate limit: waiting 42 s (Ctrl+C stops)',
    ]);
    const screen = applyFlowEvent(initialFlowState({ title: 't', sandbox: false }), shown.events[0]!);
    expect(screen.waiting).toBe('ngrok rate limit: waiting 42 s (Ctrl+C stops)');
    expect(applyFlowEvent(screen, { type: 'status', step: 's', text: 'going on' }).waiting).toBeUndefined();
    expect(shown.closed()).toBe(1);
  });

  it('remembers the key that served a successful run, and nothing after a failed one', async () => {
    const open = async () => view();
    const run = (succeeded: boolean, clinic: string) =>
      runCommand({ api: client, identity: '/keys/a', keyAfterSuccess: 'remember', open }, async () => ({
        exitCode: succeeded ? 0 : 1,
        succeeded,
        clinic,
        key: '/keys/a',
      }));
    expect(await run(false, 'clinic1')).toBe(1);
    expect(() => remembered()).toThrow();
    expect(await run(true, 'clinic1')).toBe(0);
    expect(JSON.parse(remembered())).toEqual({ clinic1: { identityFile: '/keys/a' } });
  });

  it('a later run finds the remembered key; offboarding forgets the clinic', async () => {
    const open = async () => view();
    await runCommand({ api: client, identity: '/keys/b', keyAfterSuccess: 'remember', open }, async () => ({
      exitCode: 0,
      succeeded: true,
      clinic: 'clinic2',
      key: '/keys/b',
    }));
    let found: string | undefined;
    await runCommand({ api: client, keyAfterSuccess: 'forget', open }, async (run) => {
      found = await run.identityFor('clinic2');
      return { exitCode: 0, succeeded: true, clinic: 'clinic2' };
    });
    expect(found).toBe('/keys/b');
    expect(JSON.parse(remembered())).toEqual({});
  });

  it('closes the view when the run throws, and the error reaches the CLI', async () => {
    const shown = view();
    await expect(
      runCommand({ api: client, open: async () => shown }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(shown.closed()).toBe(1);
  });
});
