import type { Route } from '../router.js';
import { agentIngressRoutes } from './agent-ingresses.js';
import { credentialRoutes } from './credentials.js';
import { endpointRoutes } from './endpoints.js';
import { reservationRoutes } from './reservations.js';
import { serviceUserRoutes } from './service-users.js';
import { tunnelSessionRoutes } from './tunnel-sessions.js';

/** Every ngrok API route the emulator serves. */
export const apiRoutes: Route[] = [
  ...serviceUserRoutes('/service_users'),
  ...serviceUserRoutes('/bot_users'),
  ...credentialRoutes,
  ...reservationRoutes,
  ...endpointRoutes,
  ...tunnelSessionRoutes,
  ...agentIngressRoutes,
];
