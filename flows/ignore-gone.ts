import { NgrokApiError } from '../source/ngrok/errors.js';

/**
 * Deletes tolerate "already gone" (404): a run killed right after a delete reached ngrok finds nothing to
 * delete on the rerun, and that is success.
 */
export async function deleteIfPresent(remove: () => Promise<void>): Promise<'deleted' | 'gone'> {
  try {
    await remove();
    return 'deleted';
  } catch (error) {
    if (error instanceof NgrokApiError && error.status === 404) return 'gone';
    throw error;
  }
}
