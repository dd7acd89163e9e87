import { render } from 'ink';
import { computeFleetHealth, emptyMemory } from '../source/fleet/health.js';
import type { FleetState } from '../source/fleet/poller.js';
import { FleetApp } from '../source/ui/fleet/FleetApp.js';
import { buildSnapshot } from '../test/helpers/fleet-fixtures.js';
import { createTestTerminal } from '../test/helpers/render.js';

/**
 * Frame time and memory of the fleet screen with 10,000 clinics (issue 7 goal: ≤ 16 ms a frame, ≤ 150 MB RSS).
 * A frame = a key press until Ink has written the new screen: moving the selection, re-sorting all rows, and
 * filtering as you type (each character re-filters all rows). Run alone so RSS is the screen's, not the
 * emulator's: npx tsx bench/fleet-frames.tsx [clinics]
 */

const clinics = Number(process.argv[2] ?? 10_000);
const fixtures = Array.from({ length: clinics }, (_, i) => ({
  id: `clinic${i + 1}`,
  ...(i % 50 === 0 ? { sessions: 0 } : {}),
  ...(i % 70 === 1 ? { downEndpoints: ['patient-db'] } : {}),
  version: i % 3 === 0 ? '3.19.0' : '3.22.1',
}));
const { clinics: rows } = computeFleetHealth(buildSnapshot(fixtures), emptyMemory(), new Date());
const state: FleetState = {
  clinics: rows,
  refreshing: false,
  requestsLastRefresh: 401,
  complete: true,
  lastRefreshAt: Date.now(),
};
const source = { current: () => state, subscribe: () => () => undefined, refreshNow: () => undefined };
const terminal = createTestTerminal({ columns: 120, rows: 40 });
// Count writes instead of keeping every frame: the test terminal's frame history would be the bench's own cost.
let writes = 0;
let lastFrame = '';
(terminal.streams.stdout as unknown as { write(frame: string): boolean }).write = (frame: string) => {
  writes++;
  lastFrame = frame;
  return true;
};
const instance = render(
  <FleetApp
    source={source}
    sandbox={false}
    onQuit={() => undefined}
    loadAudit={async () => []}
    clock={Date.now}
  />,
  { ...terminal.streams, debug: true, exitOnCtrlC: false, patchConsole: false },
);

/** Presses a key and returns the ms until Ink wrote the next frame. */
async function frame(key: string): Promise<number> {
  const before = writes;
  const started = performance.now();
  (terminal.streams.stdin as unknown as { write(data: string): void }).write(key);
  while (writes === before) await new Promise((resolve) => setImmediate(resolve));
  return performance.now() - started;
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(1);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)?.toFixed(1)} ms (${times.length} frames)`;
}

await new Promise((resolve) => setTimeout(resolve, 100));
const move: number[] = [];
for (let i = 0; i < 60; i++) move.push(await frame('\u001B[B'));
const sort: number[] = [];
for (let i = 0; i < 12; i++) sort.push(await frame(i % 4 === 3 ? 'S' : 's'));
const filter: number[] = [await frame('/')];
for (const char of 'clinic12') filter.push(await frame(char));
for (let i = 0; i < 8; i++) filter.push(await frame('\u007F'));
const rss = process.memoryUsage().rss / 1024 / 1024;
const lines = lastFrame.split('\n').length;
instance.unmount();
console.log(`fleet screen, ${clinics} clinics, ${lines} lines on a 120×40 terminal`);
console.log(`move selection: ${summary(move)}`);
console.log(`re-sort all rows: ${summary(sort)}`);
console.log(`filter as you type: ${summary(filter)}`);
console.log(
  `RSS ${rss.toFixed(0)} MB (heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB)`,
);
