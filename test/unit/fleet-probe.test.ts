import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runFleetOnce } from '../../source/commands/fleet-run.js';
import { FleetBudget } from '../../source/fleet/budget.js';
import { computeFleetHealth, emptyMemory } from '../../source/fleet/health.js';
import { probeCell } from '../../source/fleet/probe-health.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';
import {
  type ClinicProbeResult,
  type ProbeVerdict,
  readProbeResults,
  saveProbeResult,
} from '../../source/store/probe-results.js';
import { buildLists, buildSnapshot, FakeFleetApi, type FixtureClinic } from '../helpers/fleet-fixtures.js';

const now = new Date('2026-11-27T05:00:00Z');
const threeHoursBefore = '2026-11-27T02:00:00Z';

/** A probe of clinic `id`'s public endpoints (the fixture's rest-api and patient-db) with these verdicts. */
function probe(id: string, restApi: ProbeVerdict, patientDb: ProbeVerdict = 'refused'): ClinicProbeResult {
  return {
    at: threeHoursBefore,
    endpoints: [
      {
        url: `https://api-${id}.clinic-network.com`,
        name: 'rest-api',
        verdict: restApi,
        detail: `${restApi} here`,
      },
      {
        url: `tls://patientdb-${id}.clinic-network.com`,
        name: 'patient-db',
        verdict: patientDb,
        detail: 'x',
      },
    ],
  };
}

const health = (probes: Record<string, ClinicProbeResult>, clinics: FixtureClinic[] = [{ id: 'c1' }]) =>
  computeFleetHealth(buildSnapshot(clinics), emptyMemory(), now, probes).clinics;

describe('stranger probes in the health model', () => {
  it('an endpoint the last probe found open makes a healthy clinic drift, saying which and when', () => {
    const [row] = health({ c1: probe('c1', 'open') });
    expect(row?.status).toBe('drift');
    expect(row?.reason).toBe(
      'public endpoint open to strangers: https://api-c1.clinic-network.com (probed 3h ago)',
    );
    expect(row?.probe).toEqual(probe('c1', 'open'));
  });

  it('counts the other open endpoints in the reason', () => {
    const [row] = health({ c1: probe('c1', 'open', 'open') });
    expect(row?.reason).toBe(
      'public endpoint open to strangers: https://api-c1.clinic-network.com (+1 more) (probed 3h ago)',
    );
  });

  it('refused, not provable and failed probes, and no probe at all, leave a healthy clinic healthy', () => {
    const cases: Record<string, ClinicProbeResult>[] = [
      { c1: probe('c1', 'refused') },
      { c1: probe('c1', 'not-provable', 'failed') },
      {},
    ];
    for (const probes of cases) {
      const [row] = health(probes);
      expect(row?.status).toBe('healthy');
      expect(row?.reason).toBe('all 3 endpoints up');
    }
    expect(health({})[0]?.probe).toBeUndefined();
  });

  it('an offline clinic stays offline (the worse status); a probe of a clinic the account does not list is ignored', () => {
    const rows = health({ c2: probe('c2', 'open'), gone: probe('gone', 'open') }, [
      { id: 'c1' },
      { id: 'c2', sessions: 0 },
    ]);
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      ['c1', 'healthy'],
      ['c2', 'offline'],
    ]);
    expect(rows[1]?.probe?.endpoints[0]?.verdict).toBe('open');
  });

  it('the PROBE cell: ✓ and the age when all refused, OPEN, ? and the age when unproven, — when never probed', () => {
    const at = now.getTime();
    expect(probeCell(probe('c1', 'refused'), at)).toBe('✓ 3h');
    expect(probeCell(probe('c1', 'open', 'failed'), at)).toBe('OPEN');
    expect(probeCell(probe('c1', 'refused', 'not-provable'), at)).toBe('? 3h');
    expect(probeCell(probe('c1', 'failed'), at)).toBe('? 3h');
    expect(probeCell(undefined, at)).toBe('—');
    expect(probeCell({ at: 'yesterday', endpoints: [] }, at)).toBe('✓ ?');
  });
});

describe('fleet --once with the probe results file', () => {
  const once = async (format: 'text' | 'json', probes: (path: string) => Promise<void> | void) => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-probe-'));
    const probesPath = join(dir, 'probe-results.json');
    await probes(probesPath);
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const client = {
      api: new FakeFleetApi(buildLists([{ id: 'clinic-a' }, { id: 'clinic-b' }])),
      budget: new FleetBudget(new RateLimiter()),
    };
    const code = await runFleetOnce(format, client, out, {
      memoryPath: join(dir, 'fleet-memory.json'),
      probesPath,
    });
    return { code, text };
  };

  it('exits 3 when the last probe found a public endpoint open, and the table says so', async () => {
    const { code, text } = await once('text', (path) =>
      saveProbeResult('clinic-b', probe('clinic-b', 'open'), path),
    );
    expect(code).toBe(3);
    expect(text).toMatch(/^2 clinics: 1 drift, 1 healthy/);
    expect(text).toMatch(/\nSTATUS +CLINIC +VERSION +AGENTS +ENDPTS +PROBE +LAST SEEN +REASON\n/);
    expect(text).toMatch(
      /\ndrift +clinic-b .* OPEN +online +public endpoint open to strangers: https:\/\/api-clinic-b\./,
    );
    expect(text).toMatch(/\nhealthy +clinic-a .* — +online +all 3 endpoints up\n/);
  });

  it('exits 0 when every probe was refused', async () => {
    const { code, text } = await once('text', async (path) => {
      await saveProbeResult('clinic-a', probe('clinic-a', 'refused'), path);
      await saveProbeResult('clinic-b', probe('clinic-b', 'refused'), path);
    });
    expect(code).toBe(0);
    expect(text).toMatch(/\nhealthy +clinic-b .* ✓ \S+ +online/);
  });

  it('reads a corrupt probe file as never probed, without failing', async () => {
    const { code, text } = await once('json', (path) =>
      writeFileSync(path, '{"version": 1, "clinics": {"clinic-b": '),
    );
    expect(code).toBe(0);
    const document = JSON.parse(text);
    expect(document.clinics.map((c: { probe: unknown }) => c.probe)).toEqual([null, null]);
  });

  it('a probe file spoiled after it was opened (another run, a hand edit) reads as never probed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'probe-file-')), 'probe-results.json');
    await saveProbeResult('clinic-b', { at: new Date().toISOString(), endpoints: [] }, path);
    expect(Object.keys(await readProbeResults(path))).toEqual(['clinic-b']);
    writeFileSync(path, JSON.stringify({ version: 1, clinics: { 'clinic-b': { at: 'x' } } }));
    expect(await readProbeResults(path)).toEqual({});
  });
});
