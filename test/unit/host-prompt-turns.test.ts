import { describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { promptingInTurn, promptTurns } from '../../source/host/prompt-turns.js';
import type { HostPrompter } from '../../source/host/prompts.js';

describe('host questions in turn', () => {
  it('asks one question at a time, in the order asked, and a refusal does not stop the next', async () => {
    const events: string[] = [];
    let release: (() => void) | undefined;
    const prompter: HostPrompter = {
      ...headlessPrompter,
      async password(about) {
        events.push(`ask ${about}`);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        events.push(`answered ${about}`);
        if (about === 'a') throw new UserError('no terminal');
        return `pw-${about}`;
      },
    };
    const inTurn = promptingInTurn(prompter, promptTurns());
    const first = inTurn.password('a');
    const second = inTurn.password('b');
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['ask a']);
    release!();
    await expect(first).rejects.toThrow('no terminal');
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['ask a', 'answered a', 'ask b']);
    release!();
    expect(await second).toBe('pw-b');
  });
});
