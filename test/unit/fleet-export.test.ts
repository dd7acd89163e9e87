import { describe, expect, it } from 'vitest';
import { toFleetJson } from '../../source/fleet/export/json.js';
import { escapeLabel, formatPrometheus } from '../../source/fleet/export/prometheus.js';
import { formatFleetText } from '../../source/fleet/export/text.js';
import { computeFleetHealth, emptyMemory } from '../../source/fleet/health.js';
import type { ClinicProbeResult } from '../../source/store/probe-results.js';
import { buildSnapshot } from '../helpers/fleet-fixtures.js';

const earlier = new Date('2026-11-27T01:00:00Z');
const now = new Date('2026-11-27T02:00:00Z');

/** c3's last stranger probe: rest-api refused, patient-db open, the TCP address not provable. */
const c3Probe: ClinicProbeResult = {
  at: '2026-11-27T01:30:00Z',
  endpoints: [
    {
      url: 'https://api-c3.clinic-network.com',
      name: 'rest-api',
      verdict: 'refused',
      detail: '403 from the policy',
    },
    { url: 'tls://patientdb-c3.clinic-network.com', verdict: 'open', detail: 'TLS handshake accepted' },
    {
      url: 'tcp://1.tcp.ngrok.io:20002',
      verdict: 'not-provable',
      detail: 'this laptop is in the allow list',
    },
  ],
};

/**
 * c1 healthy, c2 gone since `now` (seen at `earlier`), c3 with its rest-api cloud endpoint deleted (since its last
 * probe) and an endpoint its last probe found open; c1 and c2 never probed.
 */
function fleet() {
  const seen = computeFleetHealth(
    buildSnapshot([{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }]),
    emptyMemory(),
    earlier,
  );
  const snapshot = buildSnapshot([
    { id: 'c1', credentialCreatedAt: '2026-11-17T02:00:00Z' },
    { id: 'c2', sessions: 0 },
    { id: 'c3', missingCloud: ['rest-api'] },
  ]);
  return computeFleetHealth(snapshot, seen.memory, now, { c3: c3Probe }).clinics;
}

describe('fleet exporters', () => {
  it('--json has exactly the documented shape', () => {
    const document = toFleetJson(fleet(), now);
    expect(document.generated_at).toBe('2026-11-27T02:00:00.000Z');
    expect(document.clinics[0]).toEqual({
      id: 'c1',
      name: 'c1',
      status: 'healthy',
      reason: 'all 3 endpoints up',
      agent: { online: true, sessions: 1, version: '3.22.1', region: 'eu', last_seen: now.toISOString() },
      endpoints: [
        {
          name: 'operations-db',
          internal_url: 'tcp://operations-database.c1.internal:1433',
          online: true,
          public_url: 'tcp://1.tcp.ngrok.io:20000',
          cloud: 'ok',
        },
        {
          name: 'patient-db',
          internal_url: 'tls://patient-db.c1.internal',
          online: true,
          public_url: 'tls://patientdb-c1.clinic-network.com',
          cloud: 'ok',
        },
        {
          name: 'rest-api',
          internal_url: 'https://rest-api.c1.internal',
          online: true,
          public_url: 'https://api-c1.clinic-network.com',
          cloud: 'ok',
        },
      ],
      credential: { id: 'cr_c1', age_days: 10 },
      probe: null,
    });
    // The rest-api verdict is left out: its cloud endpoint is deleted, so the URL probed is no longer the clinic's.
    expect(document.clinics[2]?.probe).toEqual({
      at: '2026-11-27T01:30:00Z',
      endpoints: [
        {
          url: 'tls://patientdb-c3.clinic-network.com',
          name: null,
          verdict: 'open',
          detail: 'TLS handshake accepted',
        },
        {
          url: 'tcp://1.tcp.ngrok.io:20002',
          name: null,
          verdict: 'not-provable',
          detail: 'this laptop is in the allow list',
        },
      ],
    });
    expect(document.clinics[1]?.agent).toEqual({
      online: false,
      sessions: 0,
      version: '',
      region: '',
      last_seen: earlier.toISOString(),
    });
    expect(document.clinics[2]?.endpoints.find((e) => e.name === 'rest-api')?.cloud).toBe('missing');
  });

  it('the text table lists every clinic with its status, last-seen time and reason', () => {
    const text = formatFleetText(fleet(), now);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('3 clinics: 1 offline, 1 drift, 1 healthy · 2026-11-27 02:00Z');
    expect(lines[1]).toMatch(/^STATUS +CLINIC +VERSION +AGENTS +ENDPTS +PROBE +LAST SEEN +REASON$/);
    expect(lines[2]).toMatch(/^healthy +c1 +3\.22\.1 +1\/1 +3\/3 +— +online +all 3 endpoints up$/);
    expect(lines[3]).toMatch(
      /^offline +c2 +- +0\/1 +0\/3 +— +2026-11-27 01:00Z +agent offline since 2026-11-27 02:00Z$/,
    );
    // The open endpoint is the drift reported, before the missing cloud endpoint.
    expect(lines[4]).toMatch(
      /^drift +c3 .* OPEN +online +public endpoint open to strangers: tls:\/\/patientdb-c3\.clinic-network\.com \(probed 30m ago\)$/,
    );
  });

  it('the text table says what to do when there are no clinics', () => {
    expect(formatFleetText([], now)).toContain('No clinics found. Onboard one with `clinic-tui onboard`.');
  });

  it('prometheus output has the documented metrics', () => {
    const text = formatPrometheus(fleet());
    expect(text).toContain('# TYPE clinic_tui_clinic_up gauge\n');
    expect(text).toContain('clinic_tui_clinic_up{clinic="c1"} 1\n');
    expect(text).toContain('clinic_tui_clinic_up{clinic="c2"} 0\n');
    expect(text).toContain('clinic_tui_clinic_status{clinic="c3",status="drift"} 1\n');
    expect(text).toContain(
      'clinic_tui_endpoint_up{clinic="c2",endpoint="rest-api",internal_url="https://rest-api.c2.internal"} 0\n',
    );
    expect(text).toContain(
      'clinic_tui_endpoint_up{clinic="c1",endpoint="patient-db",internal_url="tls://patient-db.c1.internal"} 1\n',
    );
    expect(text).toContain('clinic_tui_credential_age_days{clinic="c1"} 10\n');
    for (const line of text.trimEnd().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) .+|[a-z_]+\{[^}]*\} \d+)$/);
  });

  it('prometheus output has each probed endpoint open (1) or refused (0), and when each clinic was probed', () => {
    const text = formatPrometheus(fleet());
    expect(text).toContain('# TYPE clinic_tui_endpoint_open gauge\n');
    expect(text).toMatch(/# HELP clinic_tui_endpoint_open .*no sample when the probe proved neither\.\n/);
    const samples = text.split('\n').filter((line) => line.startsWith('clinic_tui_endpoint_open{'));
    // The not-provable TCP address has no sample: neither open nor refused was shown; the refused rest-api URL
    // has none either, as its cloud endpoint is deleted.
    expect(samples).toEqual([
      'clinic_tui_endpoint_open{clinic="c3",endpoint="tls://patientdb-c3.clinic-network.com"} 1',
    ]);
    expect(text).toContain('# TYPE clinic_tui_probe_timestamp_seconds gauge\n');
    expect(text.split('\n').filter((line) => line.startsWith('clinic_tui_probe_timestamp_seconds{'))).toEqual(
      [`clinic_tui_probe_timestamp_seconds{clinic="c3"} ${Date.parse('2026-11-27T01:30:00Z') / 1000}`],
    );
  });

  it('prometheus output never repeats a series, even when two endpoints share a name or a probe URL repeats', () => {
    // This laptop remembers c1's rest-api at an internal URL it no longer serves; a tampered probe file lists one
    // URL twice, refused and open.
    const memory = emptyMemory();
    memory.clinics.c1 = {
      credentialIds: [],
      endpoints: [{ name: 'rest-api', internalUrl: 'https://old-rest-api.c1.internal' }],
    };
    const url = 'https://api-c1.clinic-network.com';
    const probe: ClinicProbeResult = {
      at: '2026-11-27T01:30:00Z',
      endpoints: [
        { url, name: 'rest-api', verdict: 'refused', detail: '403 from the policy' },
        { url, name: 'rest-api', verdict: 'open', detail: '200 from the service' },
      ],
    };
    const clinics = computeFleetHealth(buildSnapshot([{ id: 'c1' }]), memory, now, { c1: probe }).clinics;
    expect(clinics[0]?.endpoints.filter((e) => e.name === 'rest-api')).toHaveLength(2);

    const series = prometheusSeries(formatPrometheus(clinics));
    const keys = series.map(({ key }) => key);
    expect(new Set(keys).size).toBe(keys.length);
    const restApi = series.filter(
      ({ key }) => key.startsWith('clinic_tui_endpoint_up{') && key.includes('rest-api'),
    );
    expect(restApi.map(({ key, value }) => `${key} ${value}`).sort()).toEqual([
      'clinic_tui_endpoint_up{clinic="c1",endpoint="rest-api",internal_url="https://old-rest-api.c1.internal"} 0',
      'clinic_tui_endpoint_up{clinic="c1",endpoint="rest-api",internal_url="https://rest-api.c1.internal"} 1',
    ]);
    // The repeated probe URL is one sample, the worse verdict: open.
    expect(series.filter(({ key }) => key.startsWith('clinic_tui_endpoint_open{'))).toEqual([
      { key: `clinic_tui_endpoint_open{clinic="c1",endpoint="${url}"}`, value: '1' },
    ]);
  });

  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

/**
 * Every sample of an exposition as its series key (metric name and label pairs sorted, as a scraper compares them)
 * and its value.
 */
function prometheusSeries(text: string): { key: string; value: string }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const pairs = [...match[2]!.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map(([pair]) => pair).sort();
      return { key: `${match[1]}{${pairs.join(',')}}`, value: match[3]! };
    });
}
