import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FleetState } from '../source/fleet/poller.js';
import { buildSnapshot } from '../test/helpers/fleet-fixtures.js';

/**
 * Frame time and memory of the fleet screen with 10,000 clinics (issue 7 goal: ≤ 16 ms a frame, ≤ 150 MB RSS).
 * A frame = a key press until Ink has written the new screen: moving the selection, re-sorting all rows, and
 * filtering as you type (each character re-filters all rows). Also prints Ink's own render time per frame
 * (layout + output) and the same for a plain screen of the same size, Ink's floor on this machine.
 * Run alone so RSS is the screen's, not the emulator's: npx tsx bench/fleet-frames.tsx [clinics]
 *
 * React and Ink run in production mode, as in the shipped bundle (scripts/build.mjs defines NODE_ENV). In
 * development mode React 19 records every changed prop for its performance tracks, diffing the 10,000-row
 * array on each re-sort: that, not the screen, was the 716 ms frames and 811 MB RSS measured before.
 */

// Set before React loads; the elements are made with createElement so no JSX runtime loads earlier.
process.env.NODE_ENV = 'production';
const { createElement: h } = await import('react');
const { render, Text } = await import('ink');
const { computeFleetHealth, emptyMemory } = await import('../source/fleet/health.js');
const { FleetApp } = await import('../source/ui/fleet/FleetApp.js');
const { createTestTerminal } = await import('../test/helpers/render.js');

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

/** A fake 120×40 terminal that counts writes (keeping every frame would be the bench's own cost). */
function terminal() {
  const fake = createTestTerminal({ columns: 120, rows: 40 });
  const probe: { writes: number; lastFrame: string; renderMs: number[]; wake(): void } = {
    writes: 0,
    lastFrame: '',
    renderMs: [],
    wake: () => undefined,
  };
  (fake.streams.stdout as unknown as { write(frame: string): boolean }).write = (frame: string) => {
    probe.writes++;
    probe.lastFrame = frame;
    probe.wake();
    return true;
  };
  const options = {
    ...fake.streams,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
    onRender: ({ renderTime }: { renderTime: number }) => probe.renderMs.push(renderTime),
  };
  /** Presses a key and returns the ms until Ink wrote the next frame. */
  const frame = async (key: string): Promise<number> => {
    const written = new Promise<void>((resolve) => {
      probe.wake = resolve;
    });
    const started = performance.now();
    (fake.streams.stdin as unknown as { write(data: string): void }).write(key);
    await written;
    return performance.now() - started;
  };
  return { options, probe, frame };
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(1);
  return `min ${sorted[0]?.toFixed(1)}, median ${at(0.5)}, p95 ${at(0.95)} ms (${times.length} frames)`;
}

// Building 10,000 rows through zod leaves hundreds of MB of garbage; collect it before timing frames, or the
// first key presses pay for the setup's major GCs.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const settle = () => {
  collectGarbage();
  return new Promise((resolve) => setTimeout(resolve, 100));
};
const fleet = terminal();
const instance = render(
  h(FleetApp, {
    source,
    sandbox: false,
    onQuit: () => undefined,
    loadAudit: async () => [],
    clock: Date.now,
  }),
  fleet.options,
);
await settle();
fleet.probe.renderMs.length = 0;
const move: number[] = [];
for (let i = 0; i < 60; i++) move.push(await fleet.frame('\u001B[B'));
const sort: number[] = [];
for (let i = 0; i < 12; i++) sort.push(await fleet.frame(i % 4 === 3 ? 'S' : 's'));
const filter: number[] = [await fleet.frame('/')];
for (const char of 'clinic12') filter.push(await fleet.frame(char));
for (let i = 0; i < 8; i++) filter.push(await fleet.frame('\u007F'));
const rss = process.memoryUsage().rss / 1024 / 1024;
const heap = process.memoryUsage().heapUsed / 1024 / 1024;
const lines = fleet.probe.lastFrame.split('\n').length;
const fleetRender = [...fleet.probe.renderMs];
instance.unmount();

// Ink's floor: the same number of lines of plain text, redrawn with a counter on each key press.
const plain = terminal();
const screen = (n: number) =>
  h(Text, null, Array.from({ length: 39 }, (_, i) => `${n} ${'x'.repeat(100)} ${i}`).join('\n'));
let n = 0;
const floor = render(screen(n), plain.options);
await settle();
plain.probe.renderMs.length = 0;
const plainFrames: number[] = [];
for (let i = 0; i < 60; i++) {
  const written = plain.frame('');
  floor.rerender(screen(++n));
  plainFrames.push(await written);
}
floor.unmount();

console.log(`fleet screen, ${clinics} clinics, ${lines} lines on a 120×40 terminal (production React)`);
console.log(`move selection: ${summary(move)}`);
console.log(`re-sort all rows: ${summary(sort)}`);
console.log(`filter as you type: ${summary(filter)}`);
console.log(`Ink render time of those frames: ${summary(fleetRender)}`);
console.log(
  `Ink floor, plain 40-line screen: frame ${summary(plainFrames)}; render ${summary(plain.probe.renderMs)}`,
);
console.log(`RSS ${rss.toFixed(0)} MB (heap used ${heap.toFixed(0)} MB)`);
