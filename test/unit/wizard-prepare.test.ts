import { describe, expect, it } from 'vitest';
import { type WizardNode, WizardSession } from '../../flows/questions/engine.js';
import type { Asker } from '../../flows/step.js';

type Draft = { name: string; checked?: string };

describe('wizard engine: a question that needs modules loaded first', () => {
  it('asks the first question without waiting, and the next only once its prepare resolved', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let prepared = 0;
    let checksLoaded = false;
    const second: WizardNode<Draft> = {
      prepare: async () => {
        prepared += 1;
        await held;
        checksLoaded = true;
      },
      question: () => ({
        kind: 'text',
        id: 'second',
        message: 'Second',
        validate: (value) => (checksLoaded ? undefined : `validated "${value}" before its checks loaded`),
      }),
      answer: (draft, value) => ({ draft: { ...draft, checked: String(value) }, next: null }),
    };
    const first: WizardNode<Draft> = {
      question: () => ({ kind: 'text', id: 'first', message: 'First' }),
      answer: (draft, value) => ({ draft: { ...draft, name: String(value) }, next: second }),
    };
    const asked: string[] = [];
    const problems: (string | undefined)[] = [];
    const asker: Asker = {
      async ask(question) {
        asked.push(question.id);
        if (question.kind === 'text') problems.push(question.validate?.('x'));
        return question.id === 'first' ? 'one' : 'two';
      },
    };
    const run = new WizardSession(asker, { name: '' }, first).run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toEqual(['first']);
    expect(prepared).toBe(1);

    release();
    expect(await run).toEqual({ name: 'one', checked: 'two' });
    expect(asked).toEqual(['first', 'second']);
    expect(problems).toEqual([undefined, undefined]);
  });
});
