import type { Flow } from '../step.js';
import {
  deleteAddrsStep,
  deleteCredentialsStep,
  deleteEndpointsStep,
  deleteServiceUserStep,
} from './cloud.js';
import type { OffboardCtx } from './context.js';
import { removeConfigStep, stopServiceStep } from './host.js';

/**
 * Offboarding, host first (so no agent keeps a session while its token is revoked), then the cloud resources in
 * dependency order. The wildcard domain is shared by every clinic and is kept. Each step is idempotent: a rerun
 * after a crash plans only what is left.
 */
export const offboardFlow: Flow<OffboardCtx> = {
  id: 'offboard',
  title: 'Offboard',
  steps: [
    stopServiceStep,
    removeConfigStep,
    deleteEndpointsStep,
    deleteCredentialsStep,
    deleteAddrsStep,
    deleteServiceUserStep,
  ],
};
