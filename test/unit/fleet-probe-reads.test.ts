import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { emptyMemory } from '../../source/fleet/health.js';
import { FleetPoller } from '../../source/fleet/poller.js';
import {
  type ClinicProbeResult,
  probeResultsReader,
  readProbeResults,
  saveProbeResult,
} from '../../source/store/probe-results.js';
import { buildLists, FakeFleetApi } from '../helpers/fleet-fixtures.js';
import { watchPlainFleet } from '../helpers/plain-fleet.js';

const scratch = () => join(mkdtempSync(join(tmpdir(), 'probe-reads-')), 'probe-results.json');

/** A reader of the file at `path` that counts its parses. */
function countedReader(path: string) {
  const counted = { parses: 0 };
  const read = probeResultsReader(path, (file) => {
    counted.parses++;
    return readProbeResults(file);
  });
  return Object.assign(counted, { read });
}

const openProbe = (id: string): ClinicProbeResult => ({
  at: new Date().toISOString(),
  endpoints: [{ url: `https://api-${id}.clinic-network.com`, verdict: 'open', detail: '200 OK' }],
});

describe('the fleet reads probe-results.json at every refresh, parsing it only when it changed', () => {
  it('ten refreshes over an unchanged file parse it once; a save is parsed at the next refresh', async () => {
    const path = scratch();
    await saveProbeResult('c1', { at: new Date().toISOString(), endpoints: [] }, path);
    const api = new FakeFleetApi(buildLists([{ id: 'c1' }]));
    const reader = countedReader(path);
    const poller = new FleetPoller({ api, memory: emptyMemory(), loadProbes: reader.read });
    for (let n = 0; n < 10; n++) await poller.refresh();
    expect(reader.parses).toBe(1);
    expect(poller.current().clinics[0]?.status).toBe('healthy');

    await saveProbeResult('c1', openProbe('c1'), path);
    await poller.refresh();
    expect(reader.parses).toBe(2);
    expect(poller.current().clinics[0]?.status).toBe('drift');
    for (let n = 0; n < 5; n++) await poller.refresh();
    expect(reader.parses).toBe(2);
  });

  it('a hand edit in place is parsed again; a missing file reads as never probed, parsed nor created', async () => {
    const path = scratch();
    const reader = countedReader(path);
    expect(await reader.read()).toEqual({});
    expect(await reader.read()).toEqual({});
    expect(reader.parses).toBe(0);
    expect(existsSync(path)).toBe(false);

    writeFileSync(path, JSON.stringify({ version: 1, clinics: { c1: openProbe('c1') } }));
    expect(Object.keys(await reader.read())).toEqual(['c1']);
    writeFileSync(
      path,
      JSON.stringify({ version: 1, clinics: { c2: openProbe('c2'), c3: openProbe('c3') } }),
    );
    expect(Object.keys(await reader.read())).toEqual(['c2', 'c3']);
    expect(await reader.read()).toHaveProperty('c3');
    expect(reader.parses).toBe(2);
  });

  it('a read that failed is tried again at the next refresh, not remembered until the file changes', async () => {
    const path = scratch();
    writeFileSync(path, JSON.stringify({ version: 1, clinics: { c1: openProbe('c1') } }));
    let failing = true;
    let parses = 0;
    const read = probeResultsReader(path, async (file) => {
      parses++;
      if (failing) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      return readProbeResults(file);
    });
    expect(await read()).toEqual({});
    failing = false;
    expect(Object.keys(await read())).toEqual(['c1']);
    expect(await read()).toHaveProperty('c1');
    expect(parses).toBe(2);
  });

  it('a probe saved while the fleet runs shows at its next refresh', async () => {
    const state = mkdtempSync(join(tmpdir(), 'probe-reads-run-'));
    const probesPath = join(state, 'probe-results.json');
    await saveProbeResult('clinic-a', { at: new Date().toISOString(), endpoints: [] }, probesPath);
    const api = new FakeFleetApi(buildLists([{ id: 'clinic-a' }]));
    const run = watchPlainFleet({
      api,
      stateDir: state,
      // No pause between refreshes beyond a turn of the event loop.
      poller: { sleep: () => new Promise((resolve) => setTimeout(resolve, 5)) },
    });
    await vi.waitFor(() => expect(run.text()).toMatch(/healthy +clinic-a .* ✓ /), { timeout: 10_000 });
    await saveProbeResult('clinic-a', openProbe('clinic-a'), probesPath);
    await vi.waitFor(() => expect(run.text()).toMatch(/drift +clinic-a .* OPEN /), { timeout: 10_000 });
    await run.stop();
  });
});
