import type { ClinicStatus } from '../../fleet/types.js';

/** Colour per status; the status word itself always carries the meaning, so NO_COLOR loses nothing. */
export const statusColor: Record<ClinicStatus, string> = {
  offline: 'red',
  degraded: 'yellow',
  drift: 'magenta',
  unknown: 'gray',
  healthy: 'green',
};
