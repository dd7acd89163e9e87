import { ExitCode } from '../errors.js';
import type { FleetApi } from '../fleet/fetcher.js';
import { FleetPoller, type FleetPollerOptions } from '../fleet/poller.js';
import type { FleetMemory, FleetProbes } from '../fleet/types.js';
import { writeJsonDocument } from '../ui/json-document.js';
import type { FleetClient } from './fleet-client.js';

// `fleet` reaches its client through this module: one import, and one chunk of the build fewer on the way to the
// first frame than a dynamic import of fleet-client.ts of its own would make.
export { fleetClientFromEnv } from './fleet-client.js';

/** How `fleet` prints a one-shot result. */
export type FleetFormat = 'text' | 'json' | 'prometheus';

/** Where the fleet keeps its memory and reads the stranger probes (default: the state directory). */
export interface FleetFiles {
  /** Where last-seen / down-since are remembered (default: fleet-memory.json in the state directory). */
  memoryPath?: string;
  /** This laptop's last stranger probes, read at each refresh when changed (default: probe-results.json there). */
  probesPath?: string;
}

/**
 * The poller's reads and writes of the memory and probe files. Their modules (zod and conf, to check and write
 * the files) load on first use, after the fleet screen's first frame.
 */
function stateFiles(files: FleetFiles) {
  const memoryFile = () => import('../fleet/memory-file.js');
  // Read at every refresh, parsed only when the file changed: one reader for the run.
  let readProbes: (() => Promise<FleetProbes>) | undefined;
  return {
    loadMemory: async (): Promise<FleetMemory> => {
      const { fleetMemoryPath, loadFleetMemory } = await memoryFile();
      return loadFleetMemory(files.memoryPath ?? fleetMemoryPath());
    },
    saveMemory: async (memory: FleetMemory): Promise<void> => {
      const { fleetMemoryPath, saveFleetMemory } = await memoryFile();
      await saveFleetMemory(memory, files.memoryPath ?? fleetMemoryPath());
    },
    loadProbes: async (): Promise<FleetProbes> => {
      if (!readProbes) {
        const { probeResultsPath, probeResultsReader } = await import('../store/probe-results.js');
        readProbes ??= probeResultsReader(files.probesPath ?? probeResultsPath());
      }
      return readProbes();
    },
  };
}

/**
 * Reads every list once, prints the fleet, and returns 0 when every clinic is healthy, else 3 (a public endpoint
 * found open by the last probe makes a clinic unhealthy).
 */
export async function runFleetOnce(
  format: FleetFormat,
  { api, budget }: FleetClient,
  out: NodeJS.WritableStream,
  files: FleetFiles = {},
): Promise<number> {
  const [{ toFleetJson }, { formatPrometheus }, { formatFleetText }] = await Promise.all([
    import('../fleet/export/json.js'),
    import('../fleet/export/prometheus.js'),
    import('../fleet/export/text.js'),
  ]);
  const { loadMemory, loadProbes, saveMemory } = stateFiles(files);
  const poller = new FleetPoller({ api, budget, memory: await loadMemory(), loadProbes, saveMemory });
  const { clinics } = await poller.refreshAll();
  const now = new Date();
  if (format === 'json') writeJsonDocument(toFleetJson(clinics, now), out);
  else if (format === 'prometheus') out.write(formatPrometheus(clinics));
  else out.write(formatFleetText(clinics, now));
  return clinics.every((clinic) => clinic.status === 'healthy') ? ExitCode.ok : ExitCode.unhealthy;
}

export interface WatchFleetOptions extends FleetFiles {
  /** The API to read, within the fleet's half of the budget (createFleetClient). */
  api: FleetApi;
  /** The fleet's limiter, shown in the header as "API n/60 per min". */
  budget?: FleetPollerOptions['budget'];
  /** `R` on a row: the fleet screen releases the terminal, awaits this, then comes back. */
  onRotate?: (clinicId: string) => Promise<void>;
  sandbox?: boolean;
  /** The audit log read by the detail view (default: the state directory's audit.log). */
  auditPath?: string;
  /** Poller tuning and test hooks (intervals, clock, sleep). */
  poller?: Partial<Omit<FleetPollerOptions, 'api' | 'memory' | 'loadProbes' | 'saveMemory' | 'budget'>>;
  streams?: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream };
  env?: NodeJS.ProcessEnv;
  debug?: boolean;
}

/**
 * The live fleet screen until the person quits. The poller keeps running while a rotation has the terminal, so
 * the table is current when the screen comes back; one Ink tree at a time.
 */
export async function watchFleet(options: WatchFleetOptions): Promise<void> {
  const { showFleetScreen } = await import('../ui/fleet/show-fleet.js');
  // The header and an empty table are drawn first; the memory file is read and the first refresh starts right
  // after that frame, so a slow API or a 10,000-clinic first read never delays the screen.
  const poller = new FleetPoller({
    ...options.poller,
    api: options.api,
    ...stateFiles(options),
    ...(options.budget ? { budget: options.budget } : {}),
  });
  const clock = options.poller?.clock ?? Date.now;
  let selected: string | undefined;
  let notice: string | undefined;
  try {
    for (;;) {
      const exit = await showFleetScreen({
        source: poller,
        onFirstFrame: () => poller.start(),
        clock,
        // The audit log is read only by the detail view, so its modules load when a person first opens one.
        loadAudit: async (clinicId) =>
          (await import('../fleet/audit-tail.js')).readClinicAudit(clinicId, 5, options.auditPath),
        sandbox: options.sandbox ?? false,
        canRotate: options.onRotate !== undefined,
        ...(selected ? { selected } : {}),
        ...(notice ? { notice } : {}),
        ...(options.streams ? { streams: options.streams } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...(options.debug ? { debug: true } : {}),
      });
      if (exit.kind === 'quit' || !options.onRotate) return;
      selected = exit.clinicId;
      notice = undefined;
      // A failed rotation must not close the fleet view: its message shows on the screen we come back to.
      await options.onRotate(exit.clinicId).catch((error: unknown) => {
        notice = `Rotation of ${exit.clinicId} failed: ${error instanceof Error ? error.message : String(error)}`;
      });
      poller.refreshNow();
    }
  } finally {
    await poller.stop();
  }
}

/**
 * The fleet as plain text refreshes (`--plain`, `TERM=dumb`): the table printed after every refresh that changed
 * it, each below the last, with no cursor movement, until `until` settles (Ctrl+C). A failed refresh prints its
 * error once.
 */
export async function watchFleetPlain(
  options: WatchFleetOptions & { out?: NodeJS.WritableStream; until: Promise<void> },
): Promise<void> {
  const { formatFleetText } = await import('../fleet/export/text.js');
  const out = options.out ?? process.stdout;
  const { loadMemory, loadProbes, saveMemory } = stateFiles(options);
  const poller = new FleetPoller({
    ...options.poller,
    api: options.api,
    memory: await loadMemory(),
    loadProbes,
    saveMemory,
    ...(options.budget ? { budget: options.budget } : {}),
  });
  let printed: string | undefined;
  let error: string | undefined;
  const unsubscribe = poller.subscribe((state) => {
    if (state.error && state.error !== error) out.write(`Refresh failed: ${state.error}\n`);
    error = state.error;
    if (!state.complete || state.lastRefreshAt === undefined) return;
    const table = formatFleetText(state.clinics, new Date(state.lastRefreshAt));
    // The first line carries the time: compare the rest, so an unchanged fleet prints nothing new.
    const body = table.slice(table.indexOf('\n'));
    if (body === printed) return;
    printed = body;
    out.write(`${table}\n`);
  });
  poller.start();
  try {
    await options.until;
  } finally {
    unsubscribe();
    await poller.stop();
  }
}
