import { cleanup, render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { countByStatus } from '../../../source/fleet/columns.js';
import { computeFleetHealth, emptyMemory } from '../../../source/fleet/health.js';
import type { FleetState } from '../../../source/fleet/poller.js';
import { layoutColumns, markSortColumn } from '../../../source/fleet/screen-layout.js';
import type { ClinicHealth } from '../../../source/fleet/types.js';
import type { AuditRecord } from '../../../source/store/audit-log.js';
import { ClinicDetail } from '../../../source/ui/fleet/ClinicDetail.js';
import { FleetFooter, retryText } from '../../../source/ui/fleet/FleetFooter.js';
import { FleetHeader } from '../../../source/ui/fleet/FleetHeader.js';
import { FleetHelp } from '../../../source/ui/fleet/FleetHelp.js';
import { FleetTable } from '../../../source/ui/fleet/FleetTable.js';
import { buildSnapshot } from '../../helpers/fleet-fixtures.js';
import { visible } from '../../helpers/render.js';

afterEach(cleanup);

const screen = (tree: ReactElement) => visible(render(tree).lastFrame());
const lines = (tree: ReactElement) => screen(tree).split('\n');

const now = Date.parse('2026-11-27T02:00:00Z');
/** Two hours before `now`: alpha's probe refused every stranger, charlie's let one into its REST API. */
const probedAt = '2026-11-27T00:00:00Z';
const clinics = computeFleetHealth(
  buildSnapshot([
    { id: 'alpha', name: 'Alpha Clinic', version: '3.22.1' },
    { id: 'bravo', sessions: 0 },
    { id: 'charlie', version: '3.9.0', downEndpoints: ['patient-db'], extraCredentialGenerations: [2] },
  ]),
  emptyMemory(),
  new Date(now),
  {
    alpha: {
      at: probedAt,
      endpoints: [{ url: 'https://api-alpha.clinic-network.com', verdict: 'refused', detail: '403' }],
    },
    charlie: {
      at: probedAt,
      endpoints: [
        {
          url: 'https://api-charlie.clinic-network.com',
          name: 'rest-api',
          verdict: 'open',
          detail: 'a stranger got 200 OK',
        },
        { url: 'tls://patientdb-charlie.clinic-network.com', verdict: 'not-provable', detail: 'no answer' },
      ],
    },
  },
).clinics;
const clinic = (id: string): ClinicHealth => {
  const found = clinics.find((row) => row.id === id);
  if (!found) throw new Error(`no fixture clinic ${id}`);
  return found;
};

const state = (overrides: Partial<FleetState> = {}): FleetState => ({
  clinics,
  refreshing: false,
  requestsLastRefresh: 7,
  complete: true,
  ...overrides,
});

describe('FleetHeader', () => {
  it('counts the clinics per status, worst first, and says when and how the last refresh went', () => {
    const refreshed = state({
      lastRefreshAt: Date.parse('2026-11-27T01:59:30Z'),
      budget: { inUse: 12, limit: 60 },
    });
    expect(
      lines(<FleetHeader state={refreshed} counts={countByStatus(clinics)} sandbox={false} shown={3} />),
    ).toEqual([
      'clinic-tui fleet 3 clinics · 1 offline · 1 degraded · 1 healthy',
      'API 12/60 per min · 7 requests last refresh · refreshed 01:59:30Z',
    ]);
  });

  it('labels the sandbox, says how many rows a filter shows, and that the first read is still going', () => {
    const first = state({ refreshing: true, complete: false });
    expect(lines(<FleetHeader state={first} counts={countByStatus(clinics)} sandbox shown={1} />)).toEqual([
      'clinic-tui fleet SANDBOX  3 clinics (1 shown) · 1 offline · 1 degraded · 1 healthy',
      '7 requests last refresh · not refreshed yet · refreshing… · first full read in progress',
    ]);
  });

  it('says "1 clinic", not "1 clinics"', () => {
    const one = state({ clinics: clinics.slice(0, 1) });
    expect(
      lines(<FleetHeader state={one} counts={countByStatus(one.clinics)} sandbox={false} shown={1} />)[0],
    ).toBe('clinic-tui fleet 1 clinic · 1 healthy');
  });
});

describe('FleetFooter', () => {
  const footer = (props: Partial<Parameters<typeof FleetFooter>[0]> = {}) =>
    lines(
      <FleetFooter
        state={state()}
        mode="table"
        width={100}
        filter=""
        editingFilter={false}
        sortLabel="status"
        now={now}
        {...props}
      />,
    );

  it('shows the keys and the sort order, as many as fit, always ending in help and quit', () => {
    expect(footer()).toEqual([
      'sorted by status · ↑↓ move · Enter detail · R rotate · / filter · s sort · ? help · q quit',
    ]);
    expect(footer({ width: 80 })).toEqual([
      'sorted by status · ↑↓ move · Enter detail · R rotate · ? help · q quit',
    ]);
    expect(footer({ width: 40 })).toEqual(['sorted by status · ? help · q quit']);
    expect(footer({ width: 20 })).toEqual(['? help · q quit']);
  });

  it('in the detail view says Esc goes back', () => {
    expect(footer({ mode: 'detail', width: 60 })).toEqual([
      'Esc back · R rotate · r refresh · ? help · q quit',
    ]);
  });

  it('shows the last refresh error with the countdown to the next attempt, and a notice', () => {
    const failed = state({ error: 'ngrok API unreachable', nextRefreshAt: now + 11_200 });
    expect(retryText(failed, now)).toBe(' Retrying in 12s.');
    expect(footer({ state: failed, notice: 'Rotation of bravo failed: timeout' }).slice(0, 2)).toEqual([
      '✗ Last refresh failed: ngrok API unreachable. Retrying in 12s.',
      'Rotation of bravo failed: timeout',
    ]);
  });

  it('while a filter is typed: the filter, why it is read as text, and the filter keys', () => {
    expect(
      footer({ filter: 'rest-api (', editingFilter: true, filterError: 'not a valid regular expression' }),
    ).toEqual(['/rest-api (   (not a valid regular expression)', 'type a regex · Enter keep · Esc clear']);
    expect(footer({ filter: '!healthy' })[0]).toBe('/!healthy');
  });
});

describe('FleetTable', () => {
  const columns = (width: number) => markSortColumn(layoutColumns(width, clinics), 'status', false);

  it('shows a header with the sort column marked and one row per clinic, and points at the selected one', () => {
    expect(
      lines(<FleetTable rows={clinics} columns={columns(100)} top={0} selected={1} now={now} />).map((line) =>
        line.trimEnd(),
      ),
    ).toEqual([
      '  STATUS▼  CLINIC  VERSION  AGENTS ENDPTS PROBE  LAST SEEN  REASON',
      '  healthy  alpha   3.22.1   1/1    3/3    ✓ 2h   online     all 3 endpoints up',
      '❯ offline  bravo   -        0/1    0/3    —      never      agent not seen online yet',
      // Degraded is worse than an open endpoint's drift, so the reason stays; PROBE still says OPEN.
      '  degraded charlie 3.9.0    1/1    2/3    OPEN   online     1 of 3 endpoints down: patient-db',
    ]);
  });

  it('marks an OPEN probe cell as an alarm, which the table draws as an error', () => {
    const probe = layoutColumns(100, clinics).find((column) => column.title === 'PROBE');
    expect(clinics.map((row) => [row.id, probe?.alarm?.(row)])).toEqual([
      ['alpha', false],
      ['bravo', false],
      ['charlie', true],
    ]);
  });

  it('drops PROBE first, before the reason is cut below its minimum, and keeps VERSION', () => {
    const at76 = lines(<FleetTable rows={clinics} columns={columns(76)} top={0} selected={0} now={now} />);
    expect(at76[0]).toBe('  STATUS▼  CLINIC  VERSION  AGENTS ENDPTS PROBE  LAST SEEN  REASON');
    expect(at76[3]).toBe('  degraded charlie 3.9.0    1/1    2/3    OPEN   online     1 of 3 endpoint…');
    const at75 = lines(<FleetTable rows={clinics} columns={columns(75)} top={0} selected={0} now={now} />);
    expect(at75[0]).toBe('  STATUS▼  CLINIC  VERSION  AGENTS ENDPTS LAST SEEN  REASON');
    expect(at75[3]).toBe('  degraded charlie 3.9.0    1/1    2/3    online     1 of 3 endpoints down…');
  });

  it('counts the selection from the first visible row, cuts the reason to the width, and says when nothing shows', () => {
    const shown = lines(
      <FleetTable rows={clinics.slice(2)} columns={columns(70)} top={2} selected={2} now={now} />,
    );
    expect(shown[1]).toBe('❯ degraded charlie 3.9.0    1/1    2/3    online     1 of 3 endpoints…');
    expect(lines(<FleetTable rows={[]} columns={columns(80)} top={0} selected={0} now={now} />)[1]).toBe(
      '  No clinics to show.',
    );
  });

  it('drops the version, then last seen, before the reason gets too narrow to read', () => {
    const at60 = lines(<FleetTable rows={clinics} columns={columns(60)} top={0} selected={0} now={now} />);
    expect(at60[0]).toBe('  STATUS▼  CLINIC  AGENTS ENDPTS LAST SEEN  REASON');
    expect(at60[3]).toBe('  degraded charlie 1/1    2/3    online     1 of 3 endpoint…');
    const at50 = lines(<FleetTable rows={clinics} columns={columns(50)} top={0} selected={0} now={now} />);
    expect(at50[0]).toBe('  STATUS▼  CLINIC  AGENTS ENDPTS REASON');
    expect(at50[3]).toBe('  degraded charlie 1/1    2/3    1 of 3 endpoints…');
  });
});

describe('ClinicDetail', () => {
  const audit: AuditRecord[] = [
    {
      time: '2026-11-26T10:15:00.000Z',
      user: 'tech@laptop',
      clinic: 'charlie',
      action: 'rotate.create',
      resource: 'cr_charlie_2',
      result: 'ok',
    },
  ];

  it("shows a clinic's endpoints up or down, its sessions, its credentials and its recent changes", () => {
    // Long lines are cut at the terminal's width (100 columns here), never wrapped into the next section.
    expect(lines(<ClinicDetail clinic={clinic('charlie')} audit={audit} now={now} />)).toEqual([
      'charlie (charlie) degraded — 1 of 3 endpoints down: patient-db',
      'Endpoints',
      '  up   operations-db   tcp://operations-database.charlie.internal:1433 ← tcp://1.tcp.ngrok.io:20002…',
      '  DOWN patient-db      tls://patient-db.charlie.internal ← tls://patientdb-charlie.clinic-network.c…',
      '  up   rest-api        https://rest-api.charlie.internal ← https://api-charlie.clinic-network.com c…',
      'Agent sessions (1 of 1 expected)',
      '  ts_charlie_0 ngrok 3.9.0 linux eu 198.51.100.7 since 2026-11-27 00:00Z',
      'Credential',
      '  cr_charlie_g2 generation 2 · created 2026-11-20 00:00Z (7 days) · 2 credentials (rotation in prog…',
      'Stranger probes (from this laptop, 2026-11-27 00:00Z)',
      '  OPEN         https://api-charlie.clinic-network.com (rest-api) — a stranger got 200 OK',
      '  not provable tls://patientdb-charlie.clinic-network.com — no answer',
      'Recent changes (audit log on this laptop)',
      '  2026-11-26 10:15Z rotate.create cr_charlie_2 ok (tech@laptop)',
    ]);
  });

  it('an offline clinic: no sessions and when it was last seen; the audit log loading, failing or empty', () => {
    const bravo = (log: AuditRecord[] | string) =>
      lines(<ClinicDetail clinic={clinic('bravo')} audit={log} now={now} />);
    expect(bravo('loading')).toContain('  none · last seen never');
    expect(bravo('loading')).toContain('  never probed from this laptop — run clinic-tui verify bravo');
    expect(bravo('loading').at(-1)).toBe('  loading…');
    expect(bravo('cannot read audit.log: permission denied').at(-1)).toBe(
      '  cannot read audit.log: permission denied',
    );
    expect(bravo([]).at(-1)).toBe('  none recorded here');
  });
});

describe('FleetHelp', () => {
  it('lists every key of the fleet screen with what it does', () => {
    const help = screen(<FleetHelp />);
    for (const key of ['↑ ↓ j k', 'Enter', '/', 's / S', 'r', 'R', 'q', '?'])
      expect(help).toContain(`│ ${key} `);
    expect(help).toContain("rotate the selected clinic's authtoken");
  });
});
