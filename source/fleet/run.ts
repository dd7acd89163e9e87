import { ExitCode } from '../errors.js';
import { apiClientFromEnv } from '../ngrok/key.js';
import { defaultRateLimiter } from '../ngrok/rate-limiter.js';
import { FleetBudget } from './budget.js';
import { toFleetJson } from './export/json.js';
import { formatPrometheus } from './export/prometheus.js';
import { formatFleetText } from './export/text.js';
import { fleetMemoryPath, loadFleetMemory, saveFleetMemory } from './memory-file.js';
import { FleetPoller } from './poller.js';

/** How `fleet` prints a one-shot result. */
export type FleetFormat = 'text' | 'json' | 'prometheus';

/** A client from NGROK_API_KEY whose requests stay within the fleet's half of the API budget. */
function fleetClient(env: NodeJS.ProcessEnv) {
  const budget = new FleetBudget(defaultRateLimiter());
  return { api: apiClientFromEnv(env, { limiter: budget }), budget };
}

/** Reads every list once, prints the fleet, and returns 0 when every clinic is healthy, else 3. */
export async function runFleetOnce(
  format: FleetFormat,
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream,
): Promise<number> {
  const { api, budget } = fleetClient(env);
  const memoryPath = fleetMemoryPath();
  const poller = new FleetPoller({
    api,
    budget,
    memory: await loadFleetMemory(memoryPath),
    saveMemory: (memory) => saveFleetMemory(memory, memoryPath),
  });
  const { clinics } = await poller.refreshAll();
  const now = new Date();
  if (format === 'json') out.write(`${JSON.stringify(toFleetJson(clinics, now), null, 2)}\n`);
  else if (format === 'prometheus') out.write(formatPrometheus(clinics));
  else out.write(formatFleetText(clinics, now));
  return clinics.every((clinic) => clinic.status === 'healthy') ? ExitCode.ok : ExitCode.unhealthy;
}

/** The live fleet screen until the user quits. */
export async function watchFleet(env: NodeJS.ProcessEnv, minIntervalMs: number): Promise<void> {
  const { api, budget } = fleetClient(env);
  const { renderFleet } = await import('../ui/fleet/render-fleet.js');
  // `R` hands the terminal to the rotation screen for the selected clinic; the fleet view comes back afterwards.
  const onRotate = async (clinicId: string) => {
    const { rotateFromFleet } = await import('../ui/rotate/run-command.js');
    await rotateFromFleet(clinicId);
  };
  await renderFleet({ api, budget, poller: { minIntervalMs }, onRotate });
}
