import { describe, expect, it } from 'vitest';
import { createOrFind } from '../../flows/onboard/create-or-find.js';
import { oldestFirst } from '../../flows/onboard/oldest-first.js';
import type { StepIO } from '../../flows/step.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';

const io: StepIO = {
  signal: new AbortController().signal,
  status: () => {},
  progress: () => {},
  change: () => {},
  log: () => {},
};

const lost = () => new NgrokApiError({ message: 'answer lost', status: 502, maybeCreated: true });

describe('createOrFind', () => {
  it('goes on with what the lookup finds when the answer was lost', async () => {
    let creates = 0;
    const found = await createOrFind(
      io,
      'thing',
      async () => {
        creates++;
        throw lost();
      },
      async () => ({ id: 'x_1' }),
    );
    expect([found.id, creates]).toEqual(['x_1', 1]);
  });

  it('creates again when the lookup finds nothing, and gives up after three creates', async () => {
    let creates = 0;
    const create = async () => {
      creates++;
      throw lost();
    };
    await expect(createOrFind(io, 'thing', create, async () => undefined)).rejects.toThrow('answer lost');
    expect(creates).toBe(3);
  });

  it('fails at once on a refusal, which cannot have created anything', async () => {
    let finds = 0;
    const refused = new NgrokApiError({ message: 'bad request', status: 400 });
    const run = createOrFind(
      io,
      'thing',
      async () => {
        throw refused;
      },
      async () => {
        finds++;
        return { id: 'x_1' };
      },
    );
    await expect(run).rejects.toBe(refused);
    expect(finds).toBe(0);
  });
});

describe('oldestFirst', () => {
  it('orders by created_at, then by id for the same second, and puts an unknown time last', () => {
    const items = [
      { id: 'b', created_at: '2025-01-01T00:00:05Z' },
      { id: 'z', created_at: null },
      { id: 'c', created_at: '2025-01-01T00:00:01Z' },
      { id: 'a', created_at: '2025-01-01T00:00:05Z' },
    ];
    expect(oldestFirst(items).map((item) => item.id)).toEqual(['c', 'a', 'b', 'z']);
  });
});
