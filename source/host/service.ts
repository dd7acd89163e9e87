/** The service side of the host adapter, in one import: control, push and read of ngrok.yml. */
export {
  type InstalledService,
  type NgrokService,
  ngrokService,
  type ServiceState,
} from './ngrok-service.js';
export { type PushResult, pushConfigAndRestart, servesOtherConfig } from './push.js';
export { readRemoteConfig } from './write-file.js';
