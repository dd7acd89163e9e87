import { describe, expect, it } from 'vitest';
import { sharedRead, within } from '../../source/commands/read-bounds.js';

/** A read that answers only when told to, and records whether its signal was aborted. */
function controlledRead() {
  const reads: { signal: AbortSignal; answer: (value: string) => void; fail: (error: Error) => void }[] = [];
  const read = (signal: AbortSignal) =>
    new Promise<string>((answer, fail) => {
      reads.push({ signal, answer, fail });
    });
  return { read, reads };
}

describe('reads the wizard may give up on', () => {
  it('within aborts the read when its bound passes, and answers undefined', async () => {
    const { read, reads } = controlledRead();
    expect(await within(read, 10)).toBeUndefined();
    expect(reads[0]?.signal.aborted).toBe(true);
  });

  it('a shared read is started once, and aborted only when every caller has given up', async () => {
    const { read, reads } = controlledRead();
    const shared = sharedRead(read);
    const first = new AbortController();
    const second = new AbortController();
    const answers = [shared(first.signal), shared(second.signal)];
    first.abort(new Error('first gave up'));
    await expect(answers[0]).rejects.toThrow('first gave up');
    expect(reads).toHaveLength(1);
    expect(reads[0]?.signal.aborted).toBe(false);
    reads[0]?.answer('users');
    await expect(answers[1]).resolves.toBe('users');
    // Read to its end: later callers get the same answer without a new read.
    await expect(shared(new AbortController().signal)).resolves.toBe('users');
    expect(reads).toHaveLength(1);
  });

  it('a shared read every caller gave up on, or that failed, is read afresh by the next caller', async () => {
    const { read, reads } = controlledRead();
    const shared = sharedRead(read);
    const only = new AbortController();
    const given = shared(only.signal);
    only.abort(new Error('gave up'));
    await expect(given).rejects.toThrow('gave up');
    expect(reads[0]?.signal.aborted).toBe(true);
    const again = shared(new AbortController().signal);
    reads[1]?.fail(new Error('503'));
    await expect(again).rejects.toThrow('503');
    const third = shared(new AbortController().signal);
    reads[2]?.answer('addrs');
    await expect(third).resolves.toBe('addrs');
    expect(reads).toHaveLength(3);
  });
});
