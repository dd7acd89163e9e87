import { setTimeout as sleep } from 'node:timers/promises';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { backoffMs } from '../../source/ngrok/retry.js';
import type { StepIO } from '../step.js';

/** Creates sent for one resource before its failure ends the step. */
const attempts = 3;

/**
 * Creates a resource, surviving a lost answer. ngrok's API has no idempotency keys, so the transport never repeats
 * a create that may have reached ngrok (a 5xx, a cut connection, a timeout). Here the resource is looked up by its
 * tag instead: found, the run goes on with it; not found, the create never took effect and is sent again.
 */
export async function createOrFind<T extends { id: string }>(
  io: StepIO,
  what: string,
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!(error instanceof NgrokApiError && error.maybeCreated) || attempt >= attempts) throw error;
      io.status(`no answer to creating ${what}; looking it up by its tag`);
      // A request cut off on the way may still be in ngrok's hands: give it a moment to land.
      await sleep(backoffMs(attempt), undefined, { signal: io.signal });
      const found = await find();
      if (found) {
        io.log(`${what}: the lost create had taken effect; using ${found.id}`);
        return found;
      }
    }
  }
}
