// The fleet screen as it ships, measured from inside: bench/fleet-frames.ts bundles this file like the CLI
// (production React, minified, plain node, no tsx loader thread) and runs it against an emulator seeded with
// thousands of clinics. It renders the real renderFleet (poller, fetcher, health model, Ink screen) on a fake
// 120×40 terminal, waits for the first full read, then times key presses and reports one JSON line.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { render, Text } from 'ink';
import { createElement } from 'react';
import { watchFleet } from '../../source/commands/fleet-run.js';
import { apiClientFromEnv } from '../../source/ngrok/key.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';
import { createTestTerminal } from '../../test/helpers/render.js';

const syncStart = '\u001B[?2026h';
const syncEnd = '\u001B[?2026l';
const keys = { down: '\u001B[B', up: '\u001B[A', backspace: '\u007F', enter: '\r' };
// Ink draws at most 30 frames a second (its throttle); keys further apart than that each get their own frame.
const keyGapMs = 50;
const rounds = Number(process.env.PROBE_ROUNDS ?? 12);
const restMs = Number(process.env.PROBE_REST_MS ?? 60_000);
const readMs = Number(process.env.PROBE_READ_MS ?? 120_000);
const clinics = Number(process.env.PROBE_CLINICS);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fake terminal whose writes wake the timer; keeps only the last frame. */
function probeTerminal() {
  const fake = createTestTerminal({ columns: 120, rows: 40 });
  const probe = { lastFrame: '', wake: (): void => undefined };
  // Ink wraps a frame in synchronized-output marks (DEC mode 2026) and may write it in several pieces; a frame
  // is complete when its end mark arrives, or at once when it has none.
  let pending = '';
  (fake.streams.stdout as unknown as { write(chunk: string): boolean }).write = (chunk: string) => {
    pending += chunk;
    if (pending.includes(syncStart) && !pending.includes(syncEnd)) return true;
    probe.lastFrame = pending;
    pending = '';
    probe.wake();
    return true;
  };
  /**
   * Presses a key and returns the ms until a frame showing a different screen is written, or undefined when the
   * key drew nothing within `quietMs` (a move at either end of the table).
   */
  const frame = async (key: string, quietMs = 30_000): Promise<number | undefined> => {
    await pause(keyGapMs);
    const before = stripVTControlCharacters(probe.lastFrame);
    const written = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), quietMs);
      probe.wake = () => {
        if (stripVTControlCharacters(probe.lastFrame) === before) return;
        clearTimeout(timer);
        resolve(true);
      };
    });
    const started = performance.now();
    (fake.streams.stdin as unknown as { write(data: string): void }).write(key);
    return (await written) ? performance.now() - started : undefined;
  };
  /** A key that must draw a new screen. */
  const drawn = async (key: string): Promise<number> => {
    const ms = await frame(key);
    if (ms === undefined) throw new Error(`no new frame after ${JSON.stringify(key)}:\n${probe.lastFrame}`);
    return ms;
  };
  return { streams: fake.streams, probe, frame, drawn };
}

/** Waits until the screen shows every clinic after the first full read, with no refresh running. */
async function waitForFirstRead(probe: { lastFrame: string }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ready = (screen: string) =>
    screen.includes(`${clinics} clinics`) &&
    screen.includes('refreshed ') &&
    !/refreshing|first full read/.test(screen);
  while (!ready(stripVTControlCharacters(probe.lastFrame))) {
    if (Date.now() > deadline) throw new Error(`the first read did not end; last frame:\n${probe.lastFrame}`);
    await pause(100);
  }
}

/** Unlimited until `paced`, then one request a second: the fleet's half of ngrok's 120 a minute. */
class ProbeLimiter extends RateLimiter {
  paced = false;
  override async acquire(signal?: AbortSignal): Promise<void> {
    if (this.paced) await pause(1000);
    return super.acquire(signal);
  }
}

const home = mkdtempSync(join(tmpdir(), 'clinic-tui-probe-'));
// The bench measures the screen, not the budget: a 10,000-clinic first read at half of 120/min takes 7 minutes.
const limiter = new ProbeLimiter({ limit: 1_000_000 });
const api = apiClientFromEnv(process.env, { limiter });
const fleet = probeTerminal();
const readStarted = performance.now();
const done = watchFleet({
  api,
  streams: fleet.streams,
  poller: { minIntervalMs: 3_600_000 },
  memoryPath: join(home, 'fleet-memory.json'),
  auditPath: join(home, 'audit.log'),
  env: { NO_COLOR: '1' },
});
await waitForFirstRead(fleet.probe, Number(process.env.PROBE_TIMEOUT_MS ?? 600_000));
const firstReadMs = performance.now() - readStarted;
collectGarbage();
await pause(200);

// Interleaved rounds, so a burst of noise from a neighbour hits every kind of frame alike.
const times = { move: [] as number[], sort: [] as number[], filter: [] as number[] };
let down = true;
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < 5; i++) {
    // At either end of the table a move draws nothing: turn around.
    let ms = await fleet.frame(down ? keys.down : keys.up, 5_000);
    if (ms === undefined) {
      down = !down;
      ms = await fleet.drawn(down ? keys.down : keys.up);
    }
    times.move.push(ms);
  }
  times.sort.push(await fleet.drawn(round % 4 === 3 ? 'S' : 's'));
  await fleet.drawn('/');
  for (const char of 'c1') times.filter.push(await fleet.drawn(char));
  for (let i = 0; i < 2; i++) times.filter.push(await fleet.drawn(keys.backspace));
  await fleet.drawn(keys.enter);
}
const memory = process.memoryUsage();
const peakRssMb = process.resourceUsage().maxRSS / 1024;
// Then the screen sits idle, as a fleet view mostly does: V8 gives memory back once it sees no allocation for a
// while (its memory reducer), which the frames above, 50 ms apart, never allow.
await pause(restMs);
const rested = process.memoryUsage();
// At 10,000 clinics a refresh is 401 requests, so at one a second the fleet is always reading: the steady state.
limiter.paced = true;
(fleet.streams.stdin as unknown as { write(data: string): void }).write('r');
let readingRssMb = 0;
for (let waited = 0; waited < readMs; waited += 5000) {
  await pause(5000);
  readingRssMb = Math.max(readingRssMb, process.memoryUsage().rss / 1048576);
}
// Quitting waits for the refresh in progress; let it finish at full speed.
limiter.paced = false;
// What a collection leaves: the live data, and what RSS the process keeps after V8 has freed its garbage.
collectGarbage();
const collected = process.memoryUsage();
(fleet.streams.stdin as unknown as { write(data: string): void }).write('q');
await done;

// Ink's floor in the same process: a plain 40-line screen redrawn with a counter on each frame.
const plain = probeTerminal();
const screen = (n: number) =>
  createElement(Text, null, Array.from({ length: 39 }, (_, i) => `${n} ${'x'.repeat(100)} ${i}`).join('\n'));
const floor = render(screen(0), { ...plain.streams, exitOnCtrlC: false, patchConsole: false });
const floorTimes: number[] = [];
for (let n = 1; n <= rounds * 5; n++) {
  await pause(keyGapMs);
  const written = new Promise<void>((resolve) => {
    plain.probe.wake = resolve;
  });
  const started = performance.now();
  floor.rerender(screen(n));
  await written;
  floorTimes.push(performance.now() - started);
}
floor.unmount();

process.stdout.write(
  `${JSON.stringify({
    clinics,
    firstReadMs,
    times,
    floor: floorTimes,
    rssMb: memory.rss / 1048576,
    restMs,
    restRssMb: rested.rss / 1048576,
    restHeapUsedMb: rested.heapUsed / 1048576,
    readMs,
    readingRssMb,
    peakRssMb,
    heapUsedMb: memory.heapUsed / 1048576,
    liveHeapMb: collected.heapUsed / 1048576,
    rssAfterGcMb: collected.rss / 1048576,
    heapTotalAfterGcMb: collected.heapTotal / 1048576,
    externalAfterGcMb: collected.external / 1048576,
  })}\n`,
);
process.exit(0);
