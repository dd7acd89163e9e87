import { render } from 'ink';
import { readClinicAudit } from '../../fleet/audit-tail.js';
import type { FleetApi } from '../../fleet/fetcher.js';
import { emptyMemory } from '../../fleet/health.js';
import { fleetMemoryPath, loadFleetMemory, saveFleetMemory } from '../../fleet/memory-file.js';
import { FleetPoller, type FleetPollerOptions } from '../../fleet/poller.js';
import type { AuditRecord } from '../../store/audit-log.js';
import { ColorContext, colorsEnabled } from '../theme.js';
import { FleetApp } from './FleetApp.js';

export interface RenderFleetOptions {
  /** The API to read; use createFleetClient (source/fleet/budget.ts) so the fleet keeps to half the budget. */
  api: FleetApi;
  /** The fleet's limiter, shown in the header as "API n/60 per min". */
  budget?: FleetPollerOptions['budget'];
  /** `R` on a row: the fleet screen releases the terminal, awaits this, then comes back. */
  onRotate?: (clinicId: string) => Promise<void>;
  /** Shows the SANDBOX label. */
  sandbox?: boolean;
  /** Where last-seen / down-since are remembered (default: fleet-memory.json in the state directory). */
  memoryPath?: string;
  /** The audit log read by the detail view (default: the state directory's audit.log). */
  auditPath?: string;
  /** Poller tuning and test hooks (intervals, clock, sleep). */
  poller?: Partial<Omit<FleetPollerOptions, 'api' | 'memory' | 'saveMemory' | 'budget'>>;
  streams?: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream };
  env?: NodeJS.ProcessEnv;
  debug?: boolean;
}

type Exit = { kind: 'quit' } | { kind: 'rotate'; clinicId: string };

/**
 * Shows the live fleet screen (TTY only) until the user quits. The poller keeps running while a rotation has the
 * terminal, so the table is current when the screen comes back; one Ink tree at a time.
 */
export async function renderFleet(options: RenderFleetOptions): Promise<void> {
  const memoryPath = options.memoryPath ?? fleetMemoryPath();
  // The header and an empty table are drawn first; the memory file is read and the first refresh starts
  // right after that frame, so a slow API or a 10,000-clinic first read never delays the screen.
  const poller = new FleetPoller({
    ...options.poller,
    api: options.api,
    memory: emptyMemory(),
    loadMemory: () => loadFleetMemory(memoryPath),
    saveMemory: (memory) => saveFleetMemory(memory, memoryPath),
    ...(options.budget ? { budget: options.budget } : {}),
  });
  const clock = options.poller?.clock ?? Date.now;
  const loadAudit = (clinicId: string) => readClinicAudit(clinicId, 5, options.auditPath);
  let selected: string | undefined;
  let notice: string | undefined;
  try {
    for (;;) {
      const exit = await showFleet(options, poller, clock, loadAudit, selected, notice);
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

function showFleet(
  options: RenderFleetOptions,
  poller: FleetPoller,
  clock: () => number,
  loadAudit: (clinicId: string) => Promise<AuditRecord[]>,
  selected: string | undefined,
  notice: string | undefined,
): Promise<Exit> {
  const streams = options.streams ?? { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr };
  return new Promise((resolve) => {
    let exit: Exit = { kind: 'quit' };
    const instance = render(
      <ColorContext.Provider value={colorsEnabled(options.env)}>
        <FleetApp
          source={poller}
          sandbox={options.sandbox ?? false}
          clock={clock}
          loadAudit={loadAudit}
          {...(selected ? { initialSelected: selected } : {})}
          {...(notice ? { initialNotice: notice } : {})}
          onQuit={() => instance.unmount()}
          {...(options.onRotate
            ? {
                onRotate: (clinicId: string) => {
                  exit = { kind: 'rotate', clinicId };
                  instance.unmount();
                },
              }
            : {})}
        />
      </ColorContext.Provider>,
      { ...streams, exitOnCtrlC: false, patchConsole: false, debug: options.debug ?? false },
    );
    // Ink has written the first frame when render returns; only now may the first refresh begin.
    poller.start();
    instance.waitUntilExit().then(
      () => resolve(exit),
      () => resolve(exit),
    );
  });
}
