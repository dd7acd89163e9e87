import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchFleet } from '../../source/commands/fleet-run.js';
import { type ClinicProbeResult, saveProbeResult } from '../../source/store/probe-results.js';
import { buildLists, FakeFleetApi, type FixtureClinic } from '../helpers/fleet-fixtures.js';
import { ARROW_DOWN, BACKSPACE, ENTER, ESC } from '../helpers/keys.js';
import { createTestTerminal, settle, type TestTerminal } from '../helpers/render.js';

/** The End key as terminals send it (not in keys.ts). */
const END = '\u001B[F';

const fleet: FixtureClinic[] = [
  { id: 'clinic-a', version: '3.22.1' },
  { id: 'clinic-b', sessions: 0 },
  { id: 'clinic-c', version: '3.9.0', downEndpoints: ['patient-db'] },
  {
    id: 'clinic-d',
    version: '3.19.0',
    cloudForwardsTo: { 'rest-api': 'https://rest-api.clinic-a.internal' },
  },
];

interface Started {
  terminal: TestTerminal;
  api: FakeFleetApi;
  done: Promise<void>;
  rotated: string[];
}

const running: Started[] = [];

/** Renders the fleet screen over a fake API in a fake 80×24 terminal and waits for the first full table. */
async function start(
  clinics: FixtureClinic[] = fleet,
  options: {
    auditPath?: string;
    rotate?: boolean;
    columns?: number;
    clock?: () => number;
    /** Last stranger probes by clinic id, written to the probe results file before the screen starts. */
    probes?: Record<string, ClinicProbeResult>;
  } = {},
): Promise<Started> {
  const terminal = createTestTerminal({ columns: options.columns ?? 100, rows: 24 });
  const api = new FakeFleetApi(buildLists(clinics));
  const rotated: string[] = [];
  const state = mkdtempSync(join(tmpdir(), 'fleet-ui-'));
  const probesPath = join(state, 'probe-results.json');
  for (const [id, probe] of Object.entries(options.probes ?? {}))
    await saveProbeResult(id, probe, probesPath);
  const done = watchFleet({
    api,
    streams: terminal.streams,
    debug: true,
    env: { NO_COLOR: '1' },
    memoryPath: join(state, 'fleet-memory.json'),
    probesPath,
    auditPath: options.auditPath ?? join(state, 'audit.log'),
    poller: { minIntervalMs: 3_600_000, ...(options.clock ? { clock: options.clock } : {}) },
    ...(options.rotate
      ? {
          onRotate: async (clinicId: string) => {
            rotated.push(clinicId);
          },
        }
      : {}),
  });
  const started = { terminal, api, done, rotated };
  running.push(started);
  // The first table waits for the screen's modules and the poller's fetcher, which load lazily (as in the CLI).
  await terminal.waitFor(/refreshed \d\d:\d\d:\d\dZ/, 30_000);
  return started;
}

/** The table's data rows (lines that start with a status word, after the pointer column). */
function tableRows(frame: string): string[] {
  return frame
    .split('\n')
    .filter((line) => /^(❯ | {2})(offline|degraded|drift|unknown|healthy) /.test(line))
    .map((line) => line.slice(2).trimEnd());
}

afterEach(async () => {
  for (const started of running.splice(0)) {
    await started.terminal.press('q');
    await started.done;
  }
});

describe('fleet screen', () => {
  it('runs on the alternate screen, cleared on resize, and gives the shell its screen back on q', async () => {
    const { terminal, done } = await start();
    const enter = '\u001b[?1049h';
    const leave = '\u001b[?1049l';
    const clear = '\u001b[2J';
    expect(terminal.raw().startsWith(enter)).toBe(true);
    const before = terminal.raw().length;
    terminal.resize(60, 20);
    await vi.waitFor(() => expect(terminal.raw().slice(before)).toContain(clear));
    running.splice(0);
    await terminal.press('q');
    await done;
    const raw = terminal.raw();
    expect(raw.lastIndexOf(leave)).toBeGreaterThan(raw.lastIndexOf('clinic-tui fleet'));
  });

  it('shows counts per status and the table sorted worst first', async () => {
    const { terminal } = await start();
    const frame = terminal.lastFrame();
    expect(frame).toContain('4 clinics · 1 offline · 1 degraded · 1 drift · 1 healthy');
    expect(tableRows(frame).map((row) => row.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'offline clinic-b',
      'degraded clinic-c',
      'drift clinic-d',
      'healthy clinic-a',
    ]);
    expect(frame).toMatch(/offline +clinic-b +- +0\/1 +0\/3 +— +never +agent not seen online yet/);
  });

  it('sorts by clinic, version and last seen with s, and reverses with S', async () => {
    const { terminal } = await start();
    const order = () => tableRows(terminal.lastFrame()).map((row) => row.split(/ +/)[1]);
    await terminal.press('s');
    expect(terminal.lastFrame()).toContain('sorted by clinic');
    expect(order()).toEqual(['clinic-a', 'clinic-b', 'clinic-c', 'clinic-d']);
    await terminal.press('s');
    expect(order()).toEqual(['clinic-b', 'clinic-c', 'clinic-d', 'clinic-a']);
    await terminal.press('S');
    expect(terminal.lastFrame()).toContain('sorted by version (reversed)');
    expect(order()).toEqual(['clinic-a', 'clinic-d', 'clinic-c', 'clinic-b']);
  });

  it('filters as you type with a regex, ! inverts, Esc clears', async () => {
    const { terminal } = await start();
    // Each mode change is awaited on screen, as a person would see it (typing ahead is tested below).
    const editing = 'type a regex';
    const browsing = '/ filter ·';
    await terminal.press('/');
    await terminal.waitFor(editing);
    // Anchored: clinic-d's reason mentions clinic-a (its policy forwards there).
    await terminal.type('^clinic-(a|c)');
    await terminal.waitFor('4 clinics (2 shown)');
    expect(tableRows(terminal.lastFrame()).map((row) => row.split(/ +/)[1])).toEqual([
      'clinic-c',
      'clinic-a',
    ]);
    await terminal.press(ENTER);
    await terminal.waitFor(browsing);
    await terminal.press('/');
    await terminal.waitFor(editing);
    for (let i = 0; i < '^clinic-(a|c)'.length; i++) await terminal.press(BACKSPACE);
    await terminal.type('!healthy');
    await terminal.waitFor('4 clinics (3 shown)');
    expect(tableRows(terminal.lastFrame()).map((row) => row.split(/ +/)[1])).toEqual([
      'clinic-b',
      'clinic-c',
      'clinic-d',
    ]);
    await terminal.press(ESC);
    await terminal.waitFor(browsing);
    expect(tableRows(terminal.lastFrame())).toHaveLength(4);
  });

  it("Enter shows a clinic's endpoints, sessions, credential and recent audit entries; Esc goes back", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-audit-'));
    const auditPath = join(dir, 'audit.log');
    const entry = (clinic: string, action: string) =>
      JSON.stringify({
        time: '2026-11-20T10:00:00Z',
        user: 'tech@laptop',
        clinic,
        action,
        resource: 'cr_x',
        result: 'ok',
      });
    writeFileSync(
      auditPath,
      `${entry('clinic-c', 'onboard.create')}\n${entry('clinic-a', 'rotate.delete')}\n`,
    );
    const { terminal } = await start(fleet, { auditPath, columns: 160 });
    await terminal.press(ARROW_DOWN, ENTER);
    const frame = await terminal.waitFor('onboard.create', 10_000);
    expect(frame).toContain('clinic-c (clinic-c) degraded — 1 of 3 endpoints down: patient-db');
    expect(frame).toMatch(
      /DOWN +patient-db +tls:\/\/patient-db\.clinic-c\.internal ← tls:\/\/patientdb-clinic-c/,
    );
    expect(frame).toMatch(
      /up +rest-api +https:\/\/rest-api\.clinic-c\.internal ← https:\/\/api-clinic-c\S+ cloud ok/,
    );
    expect(frame).toContain('ts_clinic-c_0 ngrok 3.9.0 linux eu 198.51.100.7');
    expect(frame).toContain('cr_clinic-c generation 1');
    expect(frame).toContain('2026-11-20 10:00Z onboard.create cr_x ok (tech@laptop)');
    expect(frame).not.toContain('rotate.delete');
    await terminal.press(ESC);
    expect(tableRows(terminal.lastFrame())).toHaveLength(4);
  });

  it("shows each clinic's last stranger probe in PROBE, an open endpoint as drift, and the probe in the detail", async () => {
    const at = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const probes: Record<string, ClinicProbeResult> = {
      'clinic-a': {
        at,
        endpoints: [
          {
            url: 'https://api-clinic-a.clinic-network.com',
            name: 'rest-api',
            verdict: 'open',
            detail: 'a stranger got 200 OK',
          },
        ],
      },
      'clinic-c': {
        at,
        endpoints: [{ url: 'https://api-clinic-c.clinic-network.com', verdict: 'refused', detail: '403' }],
      },
    };
    const { terminal } = await start(fleet, { probes, columns: 160 });
    const frame = terminal.lastFrame();
    expect(frame).toContain('4 clinics · 1 offline · 1 degraded · 2 drift');
    expect(frame).toMatch(/ENDPTS +PROBE +LAST SEEN +REASON/);
    expect(frame).toMatch(
      /drift +clinic-a +3\.22\.1 +1\/1 +3\/3 +OPEN +online +public endpoint open to strangers: https:\/\/api-clinic-a\.clinic-network\.com \(probed 3h ago\)/,
    );
    expect(frame).toMatch(/degraded +clinic-c +3\.9\.0 +1\/1 +2\/3 +✓ 3h +online/);
    expect(frame).toMatch(/offline +clinic-b +- +0\/1 +0\/3 +— +never/);
    // Worst first: offline, degraded, then the two drifts by id; clinic-a is the third row.
    await terminal.press(ARROW_DOWN, ARROW_DOWN, ENTER);
    const detail = await terminal.waitFor('Stranger probes');
    expect(detail).toContain(`Stranger probes (from this laptop, ${at.slice(0, 10)} ${at.slice(11, 16)}Z)`);
    expect(detail).toMatch(
      / {2}OPEN +https:\/\/api-clinic-a\.clinic-network\.com \(rest-api\) — a stranger got 200 OK/,
    );
    await terminal.press(ESC, ARROW_DOWN, ENTER);
    expect(await terminal.waitFor('never probed')).toContain(
      'never probed from this laptop — run clinic-tui verify clinic-d',
    );
  });

  it('keeps the table and shows the last error in the footer when a refresh fails', async () => {
    const { terminal, api } = await start();
    api.failWith = new Error('ngrok answered 503 Service Unavailable');
    await terminal.press('r');
    const frame = await terminal.waitFor('Last refresh failed');
    expect(frame).toContain('✗ Last refresh failed: ngrok answered 503 Service Unavailable.');
    expect(tableRows(frame)).toHaveLength(4);
  });

  it('keeps a clinic whose agent went away, as offline with its last-seen time', async () => {
    const { terminal, api } = await start([{ id: 'clinic-a' }, { id: 'clinic-b' }]);
    api.data = buildLists([{ id: 'clinic-a', sessions: 0 }, { id: 'clinic-b' }]);
    await terminal.press('r');
    const frame = await terminal.waitFor(/offline +clinic-a/);
    expect(frame).toMatch(/offline +clinic-a +- +0\/1 +0\/3 +— +\d+s ago +agent offline since/);
  });

  it('redraws for the clock only when a time on the screen changes', async () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const { terminal, api } = await start([{ id: 'clinic-a' }, { id: 'clinic-b' }], { clock: () => now });
    api.data = buildLists([{ id: 'clinic-a', sessions: 0 }, { id: 'clinic-b' }]);
    await terminal.press('r');
    // The refresh has ended (no "refreshing…") and the poller has scheduled the next one.
    await terminal.waitFor(/refreshed 10:00:00Z\n[\s\S]*offline +clinic-a +- +0\/1 +0\/3 +— +0s ago/);
    now += 65_000;
    await terminal.waitFor(/offline +clinic-a +- +0\/1 +0\/3 +— +1m ago/);
    await settle();
    const drawn = terminal.frames().length;
    // Time passes, read every second, but the screen still says "1m ago": nothing is drawn.
    for (let step = 0; step < 6; step++) {
      now += 1_000;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(terminal.frames()).toHaveLength(drawn);
    now += 60_000;
    await terminal.waitFor(/offline +clinic-a +- +0\/1 +0\/3 +— +2m ago/);
  });

  it('R hands the selected clinic to the rotation callback and comes back to the table', async () => {
    const { terminal, rotated } = await start(fleet, { rotate: true });
    await terminal.press(ARROW_DOWN, ARROW_DOWN, 'R');
    await terminal.waitFor(/❯ drift +clinic-d/);
    expect(rotated).toEqual(['clinic-d']);
  });

  it('says how to rotate when no rotation callback is wired', async () => {
    const { terminal } = await start();
    await terminal.press('R');
    expect(terminal.lastFrame()).toContain('Rotation is not available here; run: clinic-tui rotate clinic-b');
  });

  it('applies keys typed faster than the screen redraws to what the keys before them did', async () => {
    const { terminal, done } = await start();
    // One burst, no redraw in between (a paste, key repeat, tmux send-keys): each key must see the one before.
    const burst = (...keys: string[]) => {
      for (const key of keys) (terminal.streams.stdin as unknown as { write(data: string): void }).write(key);
    };
    burst('/', 'h', 'e', 'a', 'l', ENTER, 'S');
    await terminal.waitFor('sorted by status (reversed)');
    expect(terminal.lastFrame()).toContain('4 clinics (1 shown)');
    expect(tableRows(terminal.lastFrame()).map((row) => row.split(/ +/)[1])).toEqual(['clinic-a']);
    burst('/', BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, ENTER, 'q');
    running.splice(0);
    await done;
  });

  // bench/fleet.ts measures frames with 10,000 rows; 300 (over ten screens) keep this test quick.
  it('renders only the rows that fit a 24-line terminal, with 300 clinics', async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `c${String(i).padStart(5, '0')}` }));
    const { terminal } = await start(many);
    const frame = terminal.lastFrame();
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(tableRows(frame)[0]).toMatch(/^healthy +c00000 /);
    await terminal.press(END);
    expect(tableRows(terminal.lastFrame()).at(-1)).toMatch(/^healthy +c00299 /);
  });

  it('draws the header and table before the first API request, and fills them when the refresh ends', async () => {
    const terminal = createTestTerminal({ columns: 100, rows: 24 });
    const state = mkdtempSync(join(tmpdir(), 'fleet-ui-'));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let requested: (screen: string) => void = () => undefined;
    const screenAtFirstRequest = new Promise<string>((resolve) => {
      requested = resolve;
    });
    const api = new FakeFleetApi(buildLists(fleet), async () => {
      requested(terminal.lastFrame());
      await gate;
    });
    const done = watchFleet({
      api,
      streams: terminal.streams,
      debug: true,
      env: { NO_COLOR: '1' },
      memoryPath: join(state, 'fleet-memory.json'),
      probesPath: join(state, 'probe-results.json'),
      auditPath: join(state, 'audit.log'),
      poller: { minIntervalMs: 3_600_000 },
    });
    running.push({ terminal, api, done, rotated: [] });
    const screen = await screenAtFirstRequest;
    expect(screen).toContain('clinic-tui fleet');
    expect(screen).toContain('STATUS');
    expect(terminal.lastFrame()).toContain('not refreshed yet');
    release();
    await terminal.waitFor(/refreshed \d\d:\d\d:\d\dZ/, 30_000);
    expect(tableRows(terminal.lastFrame())).toHaveLength(fleet.length);
  });

  it('? shows the key help', async () => {
    const { terminal } = await start();
    await terminal.press('?');
    expect(terminal.lastFrame()).toContain("rotate the selected clinic's authtoken");
    await terminal.press('x');
    expect(terminal.lastFrame()).not.toContain("rotate the selected clinic's authtoken");
  });
});
