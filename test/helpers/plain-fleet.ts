import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { watchFleetPlain } from '../../source/commands/fleet-run.js';
import type { FleetApi } from '../../source/fleet/fetcher.js';
import { probeResultsPath } from '../../source/store/probe-results.js';

/** A running `fleet --plain`: what it has printed so far, and how to stop it. */
export interface PlainFleetRun {
  text(): string;
  /** Ends the run and waits for it to finish. */
  stop(): Promise<void>;
}

/** `fleet --plain` over `api`, its memory and probe files in `stateDir`, printing into a string. */
export function watchPlainFleet(options: {
  api: FleetApi;
  stateDir: string;
  poller: NonNullable<Parameters<typeof watchFleetPlain>[0]['poller']>;
}): PlainFleetRun {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  let end = () => {};
  const until = new Promise<void>((resolve) => {
    end = resolve;
  });
  const done = watchFleetPlain({
    api: options.api,
    out,
    until,
    memoryPath: join(options.stateDir, 'fleet-memory.json'),
    probesPath: probeResultsPath(options.stateDir),
    poller: options.poller,
  });
  return {
    text: () => text,
    stop: async () => {
      end();
      await done;
    },
  };
}
