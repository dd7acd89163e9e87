import { describe, expect, it } from 'vitest';
import { toFleetJson } from '../../source/fleet/export/json.js';
import { formatPrometheus } from '../../source/fleet/export/prometheus.js';
import { computeFleetHealth, emptyMemory } from '../../source/fleet/health.js';
import { FleetPoller } from '../../source/fleet/poller.js';
import { probeCell } from '../../source/fleet/probe-health.js';
import type { FleetSnapshot } from '../../source/fleet/snapshot.js';
import type { ClinicProbeResult, ProbeVerdict } from '../../source/store/probe-results.js';
import { buildLists, buildSnapshot, FakeFleetApi, type FixtureClinic } from '../helpers/fleet-fixtures.js';

const now = new Date('2026-11-27T05:00:00Z');
const apiUrl = (id: string) => `https://api-${id}.clinic-network.com`;
const tlsUrl = (id: string) => `tls://patientdb-${id}.clinic-network.com`;
/** The fixture's TCP address of the first clinic: its operations-db cloud endpoint is `tcp://` + it. */
const tcpAddr = '1.tcp.ngrok.io:20000';

/** A probe of these URLs with these verdicts, three hours before `now`. */
function probe(verdicts: [string, ProbeVerdict][]): ClinicProbeResult {
  return {
    at: '2026-11-27T02:00:00Z',
    endpoints: verdicts.map(([url, verdict]) => ({ url, verdict, detail: `${verdict} here` })),
  };
}

/** A complete snapshot of the clinics, changed by `edit` (an endpoint deleted or moved since the probe). */
function snapshotOf(clinics: FixtureClinic[], edit: (snapshot: Required<FleetSnapshot>) => void = () => {}) {
  const snapshot = buildSnapshot(clinics);
  edit(snapshot);
  return snapshot;
}

/** Moves clinic `id`'s rest-api cloud endpoint to another URL. */
const moveRestApi = (id: string) => (snapshot: Required<FleetSnapshot>) => {
  const endpoint = snapshot.cloudEndpoints.find((e) => e.clinic === id && e.service === 'rest-api');
  if (!endpoint) throw new Error(`no rest-api cloud endpoint for ${id}`);
  endpoint.url = `https://moved-${id}.clinic-network.com`;
};

const rowOf = (snapshot: FleetSnapshot, probes: Record<string, ClinicProbeResult>) =>
  computeFleetHealth(snapshot, emptyMemory(), now, probes).clinics[0];

describe('a probe verdict counts only for a URL the clinic still has', () => {
  it('an OPEN URL whose cloud endpoint was deleted neither makes the clinic drift nor shows OPEN', () => {
    const probes = { c1: probe([[apiUrl('c1'), 'open']]) };
    const still = rowOf(snapshotOf([{ id: 'c1' }]), probes);
    expect(still?.status).toBe('drift');
    expect(probeCell(still?.probe, now.getTime())).toBe('OPEN');

    const deleted = rowOf(snapshotOf([{ id: 'c1', missingCloud: ['rest-api'] }]), probes);
    expect(deleted?.status).toBe('healthy');
    expect(deleted?.reason).toBe('all 3 endpoints up');
    // Its only probed URL is gone: the clinic reads as never probed, the old verdict kept apart for the detail view.
    expect(deleted?.probe).toBeUndefined();
    expect(probeCell(deleted?.probe, now.getTime())).toBe('—');
    expect(deleted?.goneProbe).toEqual(probes.c1);
  });

  it('an OPEN URL moved elsewhere since the probe no longer counts; the verdicts on URLs still there do', () => {
    const probes = {
      c1: probe([
        [apiUrl('c1'), 'open'],
        [tlsUrl('c1'), 'refused'],
      ]),
    };
    const row = rowOf(snapshotOf([{ id: 'c1' }], moveRestApi('c1')), probes);
    expect(row?.status).toBe('healthy');
    expect(probeCell(row?.probe, now.getTime())).toBe('✓ 3h');
    expect(row?.probe?.endpoints.map((e) => e.url)).toEqual([tlsUrl('c1')]);
    expect(row?.goneProbe?.endpoints.map((e) => [e.url, e.verdict])).toEqual([[apiUrl('c1'), 'open']]);
  });

  it('compares URLs as the fleet does: another spelling of a URL still there keeps its OPEN verdict', () => {
    const probes = { c1: probe([['HTTPS://API-c1.Clinic-Network.com:443/', 'open']]) };
    const row = rowOf(snapshotOf([{ id: 'c1' }]), probes);
    expect(row?.status).toBe('drift');
    expect(row?.goneProbe).toBeUndefined();
  });

  it('a tcp verdict counts while the clinic holds the reserved address, even with no cloud endpoint on it', () => {
    const probes = { c1: probe([[`tcp://${tcpAddr}`, 'open']]) };
    const noCloud: FixtureClinic[] = [{ id: 'c1', missingCloud: ['operations-db'] }];
    const reserved = rowOf(
      snapshotOf(noCloud, (s) => s.reservedAddrs.push({ addr: tcpAddr, clinic: 'c1' })),
      probes,
    );
    expect(reserved?.status).toBe('drift');
    expect(reserved?.reason).toMatch(/^public endpoint open to strangers: tcp:\/\/1\.tcp\.ngrok\.io:20000 /);
    const released = rowOf(snapshotOf(noCloud), probes);
    expect(released?.status).toBe('healthy');
  });

  it('calls nothing gone before the lists holding the public URLs have been read', () => {
    const probes = { c1: probe([[apiUrl('c1'), 'open']]) };
    const unread = snapshotOf([{ id: 'c1', missingCloud: ['rest-api'] }]) as FleetSnapshot;
    delete unread.reservedAddrs;
    const row = rowOf(unread, probes);
    expect(row?.status).toBe('drift');
    expect(row?.goneProbe).toBeUndefined();
  });

  it('--json and Prometheus agree: the same current verdicts, the gone ones in neither', () => {
    const probes = {
      c1: probe([
        [apiUrl('c1'), 'open'],
        [tlsUrl('c1'), 'refused'],
        [`tcp://${tcpAddr}`, 'failed'],
      ]),
      c2: probe([
        [apiUrl('c2'), 'open'],
        [tlsUrl('c2'), 'open'],
      ]),
      c3: probe([[apiUrl('c3'), 'open']]),
    };
    const snapshot = snapshotOf([{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }], (s) => {
      moveRestApi('c1')(s);
      s.cloudEndpoints = s.cloudEndpoints.filter((e) => !(e.clinic === 'c3' && e.service === 'rest-api'));
    });
    const clinics = computeFleetHealth(snapshot, emptyMemory(), now, probes).clinics;
    const document = toFleetJson(clinics, now);
    const fromJson = document.clinics.flatMap((clinic) =>
      (clinic.probe?.endpoints ?? [])
        .filter((e) => e.verdict === 'open' || e.verdict === 'refused')
        .map(
          (e) =>
            `clinic_tui_endpoint_open{clinic="${clinic.id}",endpoint="${e.url}"} ${e.verdict === 'open' ? 1 : 0}`,
        ),
    );
    const text = formatPrometheus(clinics);
    const fromPrometheus = text.split('\n').filter((line) => line.startsWith('clinic_tui_endpoint_open{'));
    expect(fromPrometheus).toEqual(fromJson);
    expect(fromPrometheus).toEqual([
      `clinic_tui_endpoint_open{clinic="c1",endpoint="${tlsUrl('c1')}"} 0`,
      `clinic_tui_endpoint_open{clinic="c2",endpoint="${apiUrl('c2')}"} 1`,
      `clinic_tui_endpoint_open{clinic="c2",endpoint="${tlsUrl('c2')}"} 1`,
    ]);
    expect(document.clinics.map((clinic) => [clinic.id, clinic.status, clinic.probe === null])).toEqual([
      ['c1', 'healthy', false],
      ['c2', 'drift', false],
      ['c3', 'healthy', true],
    ]);
    // A clinic whose every probed URL is gone has no probe time either, as one never probed.
    expect(text).not.toContain('clinic_tui_probe_timestamp_seconds{clinic="c3"}');
    expect(text).toContain('clinic_tui_probe_timestamp_seconds{clinic="c1"}');
  });
});

describe('a verdict newer than the lists it is judged against', () => {
  it('counts until the lists have been read again since the probe: a URL added after the read is not gone', async () => {
    const lists = buildLists([{ id: 'c1', missingCloud: ['rest-api'] }]);
    const api = new FakeFleetApi(lists);
    let probes: Record<string, ClinicProbeResult> = {};
    const poller = new FleetPoller({ api, memory: emptyMemory(), loadProbes: async () => probes });
    await poller.refresh();
    // Since that read: the rest-api cloud endpoint is created and a stranger probe finds it open.
    lists.cloudEndpoints = buildLists([{ id: 'c1' }]).cloudEndpoints;
    await new Promise((resolve) => setTimeout(resolve, 5));
    probes = {
      c1: {
        at: new Date().toISOString(),
        endpoints: [{ url: apiUrl('c1'), verdict: 'open', detail: '200' }],
      },
    };
    await poller.refresh();
    const row = poller.current().clinics[0];
    expect(row?.status).toBe('drift');
    expect(probeCell(row?.probe, Date.now())).toBe('OPEN');
    expect(row?.goneProbe).toBeUndefined();
  });
});
