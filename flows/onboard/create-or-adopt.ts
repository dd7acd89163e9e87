import { NgrokApiError } from '../../source/ngrok/errors.js';
import type { StepIO } from '../step.js';
import { createOrFind } from './create-or-find.js';

/** The ngrok error codes that refuse a create because the thing exists already, and what to say when it is not ours. */
export interface CreateConflict {
  codes: readonly string[];
  /** The error to fail with when the lookup finds nothing of ours: it names what holds the name or URL. */
  foreign(error: NgrokApiError): Promise<Error>;
}

/**
 * Creates a resource another run may make first (a second onboarding on this laptop or another). When ngrok
 * refuses the create as a conflict, the resource is looked up as `find` looks it up (the same checks as a resource
 * found up front) and adopted; when nothing of ours is found, `conflict.foreign` says what holds it. A lost answer
 * is handled as createOrFind handles it. `adopted` tells the caller to report a reuse, not a create.
 */
export async function createOrAdopt<T extends { id: string }>(
  io: StepIO,
  what: string,
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
  conflict: CreateConflict,
): Promise<{ resource: T; adopted: boolean }> {
  try {
    return { resource: await createOrFind(io, what, create, find), adopted: false };
  } catch (error) {
    if (!(error instanceof NgrokApiError && error.code && conflict.codes.includes(error.code))) throw error;
    io.status(`${what} exists already (${error.code}); looking it up`);
    const found = await find();
    if (!found) throw await conflict.foreign(error);
    io.log(`${what}: made by another run meanwhile; using ${found.id}`);
    return { resource: found, adopted: true };
  }
}
